/** The membership and node-registry scripts (see `lua.ts` for what every script guarantees). */
import { INVITATIONS_JSON, LuaScript, NOTE_LEFT, NOW_MS, USERS_JSON } from './lua.js'

/**
 * KEYS: room, members, bans, admitted, invitations. ARGV: channel, member key, member JSON
 * (without its join order), max members, the hash of a presented resume token or '', browser
 * hash or '', '1' when the host joins, the presented invitation's id and hash (or '', '').
 * Returns {'ok' | 'resumed', users JSON, expires_at} or
 * {reason}. Only keys of the room, so on a cluster it runs on the room's slot; the
 * reaper's bookkeeping is `registerRoomScript`.
 *
 * Its checks mirror `decideAdmission` in `rooms/admission.ts`, check for check and in the
 * same order (the rules are there): a script cannot call TypeScript, and the check and the
 * write must be one atomic step. The shared table `server/test/store/admission-cases.ts`,
 * which the store contract suite runs against the memory store and this one (single and
 * cluster), keeps the two equal: change both or neither.
 */
export const addMemberScript = new LuaScript(
  'chattyAddMember',
  5,
  `${USERS_JSON}${NOW_MS}${INVITATIONS_JSON}
local now = now_ms()
local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
if not expires_at or tonumber(expires_at) <= now then return {'room_not_found'} end
local browser = ARGV[6]
if redis.call('SISMEMBER', KEYS[3], ARGV[2]) == 1 then return {'banned'} end
if browser ~= '' and redis.call('SISMEMBER', KEYS[3], 'b:' .. browser) == 1 then return {'banned'} end
local status = 'ok'
local order
local spend
local held = redis.call('HGET', KEYS[2], ARGV[2])
if held then
  local holder = cjson.decode(held)
  if ARGV[5] == '' or holder.resume ~= ARGV[5] then return {'name_taken'} end
  status = 'resumed'
  order = holder.order
else
  if redis.call('HGET', KEYS[1], 'locked') == '1' and ARGV[7] ~= '1' then
    local until_ms = browser ~= '' and redis.call('HGET', KEYS[4], browser)
    if not until_ms or tonumber(until_ms) < now then return {'room_locked'} end
  end
  local returning = ARGV[7] == '1' or (browser ~= '' and redis.call('HEXISTS', KEYS[4], browser) == 1)
  if ARGV[8] ~= '' and not returning then
    local raw = redis.call('HGET', KEYS[5], ARGV[8])
    local invitation = raw and cjson.decode(raw)
    if not invitation or invitation.hash ~= ARGV[9] then return {'invitation_invalid'} end
    if invitation.state ~= 'open' then return {'invitation_' .. invitation.state} end
    spend = invitation
  elseif redis.call('HGET', KEYS[1], 'invitation_only') == '1' and not returning then
    return {'invitation_required'}
  end
  if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[4]) then return {'room_full'} end
  -- A per-room counter gives the join order; two joins in one millisecond stay ordered.
  order = redis.call('HINCRBY', KEYS[1], 'joins', 1)
end
redis.call('HSET', KEYS[2], ARGV[2], '{"order":' .. order .. ',' .. string.sub(ARGV[3], 2))
redis.call('PEXPIREAT', KEYS[2], expires_at)
if browser ~= '' then
  -- Inside: admitted until the room ends; leaving shortens it to the grace.
  redis.call('HSET', KEYS[4], browser, expires_at)
  redis.call('PEXPIREAT', KEYS[4], expires_at)
end
local users = users_json(KEYS[2])
redis.call(PUBLISH, ARGV[1], users)
if spend then
  spend.state = 'used'
  redis.call('HSET', KEYS[5], ARGV[8], cjson.encode(spend))
  redis.call(PUBLISH, ARGV[1], invitations_json(KEYS[5]))
end
return {status, users, expires_at}
`,
)

/**
 * KEYS: this node's room set, nodes hash (both in the registry's slot). ARGV: room id,
 * node id, the room's expires_at, or 0 when not known yet. Notes that the node may hold
 * members in the room. It is sent before the member is added, so that a node dying in
 * between leaves nothing unreaped; the room's deadline is not known then, so a new set
 * gets a provisional TTL, and the call is repeated with the deadline once the member is
 * in. The set lives as long as the node's longest-lived room.
 */
export const registerRoomScript = new LuaScript(
  'chattyRegisterRoom',
  2,
  `${NOW_MS}
local now = now_ms()
local expires_at = tonumber(ARGV[3])
redis.call('SADD', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if expires_at > 0 then
  if ttl < 0 or now + ttl < expires_at then redis.call('PEXPIREAT', KEYS[1], expires_at) end
elseif ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], 60000)
end
redis.call('HSETNX', KEYS[2], ARGV[2], now)
-- The registry must outlive this node's members, or a reaper could not find them if the
-- node died (and a registry new from HSETNX must not live without a TTL either).
local registry_ttl = redis.call('PTTL', KEYS[2])
if expires_at > 0 then
  if registry_ttl < 0 or now + registry_ttl < expires_at then
    redis.call('PEXPIREAT', KEYS[2], expires_at)
  end
elseif registry_ttl < 0 then
  redis.call('PEXPIRE', KEYS[2], 60000)
end
return 1
`,
)

/**
 * KEYS: room, members, admitted. ARGV: channel, member key, connId, resume grace ms.
 * Returns 1 when removed.
 */
export const removeMemberScript = new LuaScript(
  'chattyRemoveMember',
  3,
  `${USERS_JSON}${NOW_MS}${NOTE_LEFT}
local raw = redis.call('HGET', KEYS[2], ARGV[2])
if not raw or cjson.decode(raw).connId ~= ARGV[3] then return 0 end
redis.call('HDEL', KEYS[2], ARGV[2])
local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
if expires_at then redis.call('PEXPIREAT', KEYS[2], expires_at) end
note_left(KEYS[1], KEYS[3], raw, ARGV[4])
redis.call(PUBLISH, ARGV[1], users_json(KEYS[2]))
return 1
`,
)

/**
 * KEYS: room, members, bans, admitted. ARGV: channel, member key. The host removes a
 * member: deleted whoever holds the key, its key and browser banned until the room ends,
 * `member_removed` then `users` published. Returns the member's name, or false.
 */
export const expelMemberScript = new LuaScript(
  'chattyExpelMember',
  4,
  `${USERS_JSON}
local raw = redis.call('HGET', KEYS[2], ARGV[2])
local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
if not raw or not expires_at then return false end
local member = cjson.decode(raw)
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('PEXPIREAT', KEYS[2], expires_at)
redis.call('SADD', KEYS[3], ARGV[2])
if member.browser then
  redis.call('SADD', KEYS[3], 'b:' .. member.browser)
  redis.call('HDEL', KEYS[4], member.browser)
end
redis.call('PEXPIREAT', KEYS[3], expires_at)
redis.call(PUBLISH, ARGV[1], '{"type":"member_removed","name":' .. cjson.encode(member.name) .. '}')
redis.call(PUBLISH, ARGV[1], users_json(KEYS[2]))
return member.name
`,
)

/**
 * KEYS: room, members, bans. ARGV: channel, member key, connId, new key, new name, new
 * avatar. The member holding the key with that connId takes the new name and avatar, in its
 * place (its join order, resume hash and browser kept), and `users` is published. Returns
 * {'ok'} or {reason}: the same checks as a join's name (taken by another, banned).
 */
export const renameMemberScript = new LuaScript(
  'chattyRenameMember',
  3,
  `${USERS_JSON}${NOW_MS}
local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
if not expires_at or tonumber(expires_at) <= now_ms() then return {'room_not_found'} end
local raw = redis.call('HGET', KEYS[2], ARGV[2])
if not raw then return {'not_member'} end
local member = cjson.decode(raw)
if member.connId ~= ARGV[3] then return {'not_member'} end
if ARGV[4] ~= ARGV[2] then
  if redis.call('HEXISTS', KEYS[2], ARGV[4]) == 1 then return {'name_taken'} end
  if redis.call('SISMEMBER', KEYS[3], ARGV[4]) == 1 then return {'banned'} end
end
member.name = ARGV[5]
member.avatar = ARGV[6]
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[4], cjson.encode(member))
redis.call('PEXPIREAT', KEYS[2], expires_at)
redis.call(PUBLISH, ARGV[1], users_json(KEYS[2]))
return {'ok'}
`,
)

/** KEYS: room. ARGV: channel, '1' or '0'. Sets the lock and publishes `room_state`; 0 when gone. */
export const setLockedScript = new LuaScript(
  'chattySetLocked',
  1,
  `${NOW_MS}
local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
if not expires_at or tonumber(expires_at) <= now_ms() then return 0 end
redis.call('HSET', KEYS[1], 'locked', ARGV[2])
local state = ARGV[2] == '1' and 'true' or 'false'
redis.call(PUBLISH, ARGV[1], '{"type":"room_state","locked":' .. state .. '}')
return 1
`,
)

/** KEYS: room. ARGV: channel, seconds. Sets the default message timer; publishes `room_state`. */
export const setVanishScript = new LuaScript(
  'chattySetVanish',
  1,
  `${NOW_MS}
local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
if not expires_at or tonumber(expires_at) <= now_ms() then return 0 end
redis.call('HSET', KEYS[1], 'vanish', ARGV[2])
local state = redis.call('HGET', KEYS[1], 'locked') == '1' and 'true' or 'false'
redis.call(PUBLISH, ARGV[1], '{"type":"room_state","locked":' .. state .. ',"vanish_seconds":' .. ARGV[2] .. '}')
return 1
`,
)

/**
 * KEYS: room, members, admitted. ARGV: channel, node id, resume grace ms. Removes every
 * member held by the node and returns their stored JSON (publishing `users` when there
 * were any); their browsers may come back into a locked room for the grace.
 */
export const removeNodeMembersScript = new LuaScript(
  'chattyRemoveNodeMembers',
  3,
  `${USERS_JSON}${NOW_MS}${NOTE_LEFT}
local flat = redis.call('HGETALL', KEYS[2])
local removed = {}
for i = 1, #flat, 2 do
  if cjson.decode(flat[i + 1]).node == ARGV[2] then
    redis.call('HDEL', KEYS[2], flat[i])
    note_left(KEYS[1], KEYS[3], flat[i + 1], ARGV[3])
    removed[#removed + 1] = flat[i + 1]
  end
end
if #removed > 0 then
  local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
  if expires_at then redis.call('PEXPIREAT', KEYS[2], expires_at) end
  redis.call(PUBLISH, ARGV[1], users_json(KEYS[2]))
end
return removed
`,
)

/**
 * KEYS: nodes hash, this node's reaped note. ARGV: node id, ms of silence after which a
 * node is dead, ms the registry must live at least. Records this node's beat (Redis's
 * clock, so hosts' clocks need not agree), keeps the registry alive at least that long
 * (the joins extend it to their rooms' end), and returns {1 if the node was not
 * registered or was reaped (the note is consumed), ids of dead nodes}.
 */
export const beatScript = new LuaScript(
  'chattyBeat',
  2,
  `${NOW_MS}
local now = now_ms()
local is_new = redis.call('HSET', KEYS[1], ARGV[1], now)
if redis.call('DEL', KEYS[2]) == 1 then is_new = 1 end
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
local flat = redis.call('HGETALL', KEYS[1])
local dead = {}
for i = 1, #flat, 2 do
  if flat[i] ~= ARGV[1] and now - tonumber(flat[i + 1]) > tonumber(ARGV[2]) then
    dead[#dead + 1] = flat[i]
  end
end
return {is_new, dead}
`,
)

/**
 * KEYS: nodes hash, the node's room set, the node's reap lock. ARGV: node id, ms of
 * silence after which a node is dead (-1: forget it regardless). Forgets a reaped
 * node unless it beat again meanwhile.
 */
export const forgetNodeScript = new LuaScript(
  'chattyForgetNode',
  3,
  `${NOW_MS}
local last = redis.call('HGET', KEYS[1], ARGV[1])
local dead_after = tonumber(ARGV[2])
if last and dead_after >= 0 and now_ms() - tonumber(last) <= dead_after then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3])
return 1
`,
)
