/**
 * How the Redis store runs Lua, and the snippets its scripts share. Each script does a
 * whole change atomically: it writes, sets every touched room key to expire at the room's
 * `expires_at` (so no room key ever lives without a TTL) and publishes the resulting
 * event. Because a script runs alone, the publish order is the write order for every
 * subscriber in every process. The scripts are split by role: `appends.ts` (messages),
 * `scripts-rooms.ts` (records,
 * history, epochs) and `scripts-members.ts` (membership and the node registry).
 */
import { publishCommand, type RedisClient } from './connection.js'

export class LuaScript {
  constructor(
    private readonly name: string,
    private readonly numberOfKeys: number,
    private readonly lua: string,
  ) {}

  /**
   * Runs the script (EVALSHA, falling back to EVAL, as ioredis's defineCommand does).
   * `PUBLISH` in the script is the client's publish command: SPUBLISH on a cluster.
   */
  run(redis: RedisClient, keys: string[], args: (string | number | Buffer)[]): Promise<unknown> {
    const commands = redis as unknown as Record<
      string,
      (...a: (string | number | Buffer)[]) => unknown
    >
    if (typeof commands[this.name] !== 'function') {
      const lua = `local PUBLISH = '${publishCommand(redis)}'\n${this.lua}`
      redis.defineCommand(this.name, { numberOfKeys: this.numberOfKeys, lua })
    }
    return commands[this.name]!.call(redis, ...keys, ...args) as Promise<unknown>
  }
}

// Builds the `users` frame from a members hash. JSON is assembled by hand because
// cjson turns an empty list into `{}` and does not keep key order.
export const USERS_JSON = `
local function users_json(members_key)
  local flat = redis.call('HGETALL', members_key)
  local list = {}
  for i = 2, #flat, 2 do
    list[#list + 1] = cjson.decode(flat[i])
  end
  table.sort(list, function(a, b) return a.order < b.order end)
  local parts = {}
  for i, m in ipairs(list) do
    parts[i] = '{"name":' .. cjson.encode(m.name) .. ',"avatar":' .. cjson.encode(m.avatar) .. '}'
  end
  return '{"type":"users","sender":"__user_list__","content":[' .. table.concat(parts, ',') .. ']}'
end
`

export const NOW_MS = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`
// Notes that a member's browser left: it may come back into a locked room for the grace.
export const NOTE_LEFT = `
local function note_left(room_key, admitted_key, raw, grace_ms)
  local browser = cjson.decode(raw).browser
  if not browser then return end
  local expires_at = redis.call('HGET', room_key, 'expires_at')
  if not expires_at then return end
  redis.call('HSET', admitted_key, browser, now_ms() + tonumber(grace_ms))
  redis.call('PEXPIREAT', admitted_key, expires_at)
end
`
// The open invitations of an invitations hash, and the `invitations` frame listing them
// oldest first (`invitations.ts` sorts the same way), built by hand as USERS_JSON is.
export const INVITATIONS_JSON = `
local function open_invitations(invitations_key)
  local flat = redis.call('HGETALL', invitations_key)
  local list = {}
  for i = 1, #flat, 2 do
    local invitation = cjson.decode(flat[i + 1])
    if invitation.state == 'open' then
      invitation.id = flat[i]
      list[#list + 1] = invitation
    end
  end
  table.sort(list, function(a, b)
    if a.created_at ~= b.created_at then return a.created_at < b.created_at end
    return a.id < b.id
  end)
  return list
end
local function open_count(invitations_key)
  return #open_invitations(invitations_key)
end
local function invitations_json(invitations_key)
  local parts = {}
  for i, inv in ipairs(open_invitations(invitations_key)) do
    local label = inv.label and (',"label":' .. cjson.encode(inv.label)) or ''
    parts[i] = '{"id":' .. cjson.encode(inv.id) .. label .. ',"created_at":' .. cjson.encode(inv.created_at) .. '}'
  end
  return '{"type":"invitations","open":[' .. table.concat(parts, ',') .. ']}'
end
`
