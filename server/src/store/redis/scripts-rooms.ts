/** The room-record scripts: ending a room, and its epoch check (see `lua.ts` for what every script guarantees). */
import { LuaScript, NOW_MS } from './lua.js'

/**
 * KEYS: every key of the room (`RedisKeys.roomKeys`). ARGV: channel. Publishes
 * `room_closed` and deletes them all in one step; 0 when the room was already gone.
 */
export const destroyRoomScript = new LuaScript(
  'chattyDestroyRoom',
  8,
  `${NOW_MS}
local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
if not expires_at or tonumber(expires_at) <= now_ms() then return 0 end
redis.call(PUBLISH, ARGV[1], '{"type":"room_closed","reason":"host"}')
-- UNLINK: a room's files may be many megabytes, freed off the main thread.
redis.call('UNLINK', unpack(KEYS))
return 1
`,
)

/**
 * KEYS: room, seq, messages. ARGV: the id of the newest stored frame this process handed
 * out, the SHA-1 of its JSON, a new epoch. Writes were lost when the room's counter is
 * behind that id, or when that id now holds another frame (the counter went back and new
 * writes took the ids again); a frame trimmed from history proves nothing either way. Then
 * gives the room the new epoch and returns the counter; otherwise returns -1. The room hash
 * keeps its TTL.
 */
export const checkEpochScript = new LuaScript(
  'chattyCheckEpoch',
  3,
  `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
local id = tonumber(ARGV[1])
if seq >= id then
  local stored = redis.call('ZRANGEBYSCORE', KEYS[3], id, id)[1]
  if not stored or redis.sha1hex(stored) == ARGV[2] then return -1 end
end
redis.call('HSET', KEYS[1], 'epoch', ARGV[3])
return seq
`,
)
