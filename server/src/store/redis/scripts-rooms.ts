/** The room-record and history scripts (see `lua.ts` for what every script guarantees). */
import { LuaScript, NOW_MS } from './lua.js'

/**
 * KEYS: room, seq, messages. ARGV: channel, history limit, deadline (Redis time, ms), then
 * for each message of the batch its JSON up to the id and its JSON after the id. Gives the
 * messages consecutive ids, stores them, trims once, refreshes the TTLs once and publishes
 * them as one message (their JSON joined by newlines, which JSON text never contains).
 * Returns the first id, nil when the room is gone, or -1 when it runs after its deadline
 * (ioredis re-sent it after a failover, when the sender had long given up): then none is
 * stored.
 */
export const appendBatchScript = new LuaScript(
  'chattyAppendBatch',
  3,
  `${NOW_MS}
-- Past its deadline the sender has told its members the batch was not sent: refuse it.
local now = now_ms()
if now > tonumber(ARGV[3]) then return -1 end
local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
-- In its last millisecond a room key still exists, but PEXPIREAT to that millisecond
-- would delete the counter and restart the ids: the room is gone from its deadline on.
if not expires_at or tonumber(expires_at) <= now then return false end
local n = (#ARGV - 3) / 2
local first = redis.call('INCRBY', KEYS[2], n) - n + 1
redis.call('PEXPIREAT', KEYS[2], expires_at)
local frames = {}
local scored = {}
for i = 1, n do
  local id = first + i - 1
  local json = ARGV[2 * i + 2] .. id .. ARGV[2 * i + 3]
  frames[i] = json
  scored[2 * i - 1] = id
  scored[2 * i] = json
end
redis.call('ZADD', KEYS[3], unpack(scored))
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -tonumber(ARGV[2]) - 1)
redis.call('PEXPIREAT', KEYS[3], expires_at)
redis.call(PUBLISH, ARGV[1], table.concat(frames, '\\n'))
return first
`,
)

/**
 * KEYS: every key of the room (`RedisKeys.roomKeys`). ARGV: channel. Publishes
 * `room_closed` and deletes them all in one step; 0 when the room was already gone.
 */
export const destroyRoomScript = new LuaScript(
  'chattyDestroyRoom',
  6,
  `${NOW_MS}
local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
if not expires_at or tonumber(expires_at) <= now_ms() then return 0 end
redis.call(PUBLISH, ARGV[1], '{"type":"room_closed","reason":"host"}')
redis.call('DEL', unpack(KEYS))
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
