/**
 * The files scripts (`blobs.ts`; see `lua.ts` for what every script guarantees). A room's files
 * are one hash, `RedisKeys.files`, that expires with the room: `total` (bytes its blobs
 * reserve), `m:<blob>` (the blob's record as JSON) and `c:<blob>:<index>` (a chunk's bytes).
 * KEYS[1] is the room hash, KEYS[2] the files hash; a room past its `expires_at` has no files.
 */
import { LuaScript, NOW_MS } from './lua.js'

const LIVE = `${NOW_MS}
local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
local live = expires_at and tonumber(expires_at) > now_ms()
`

/** ARGV: blob id, record JSON, size, the room's most bytes. 'ok', 'room_not_found' or 'files_full'. */
export const createBlobScript = new LuaScript(
  'chattyCreateBlob',
  2,
  `${LIVE}
if not live then return 'room_not_found' end
local total = tonumber(redis.call('HGET', KEYS[2], 'total') or '0')
if total + tonumber(ARGV[3]) > tonumber(ARGV[4]) then return 'files_full' end
redis.call('HINCRBY', KEYS[2], 'total', ARGV[3])
redis.call('HSET', KEYS[2], 'm:' .. ARGV[1], ARGV[2])
redis.call('PEXPIREAT', KEYS[2], expires_at)
return 'ok'
`,
)

/** KEYS[3]: the room's bans. ARGV: blob id, index, bytes. A `PutChunkResult`. */
export const putChunkScript = new LuaScript(
  'chattyPutChunk',
  3,
  `${LIVE}
if not live then return 'not_found' end
local raw = redis.call('HGET', KEYS[2], 'm:' .. ARGV[1])
if not raw then return 'not_found' end
local blob = cjson.decode(raw)
if redis.call('SISMEMBER', KEYS[3], blob.owner) == 1 then return 'removed' end
if blob.received == blob.chunks then return 'complete' end
if redis.call('HSET', KEYS[2], 'c:' .. ARGV[1] .. ':' .. ARGV[2], ARGV[3]) == 1 then
  blob.received = blob.received + 1
  redis.call('HSET', KEYS[2], 'm:' .. ARGV[1], cjson.encode(blob))
end
return 'ok'
`,
)

/** ARGV: blob id, claim. 1 when a complete blob was unclaimed or held this claim (now it does), else 0. */
export const attachBlobScript = new LuaScript(
  'chattyAttachBlob',
  2,
  `${LIVE}
if not live then return 0 end
local raw = redis.call('HGET', KEYS[2], 'm:' .. ARGV[1])
if not raw then return 0 end
local blob = cjson.decode(raw)
if blob.received ~= blob.chunks then return 0 end
if blob.attached and blob.attached ~= ARGV[2] then return 0 end
blob.attached = ARGV[2]
redis.call('HSET', KEYS[2], 'm:' .. ARGV[1], cjson.encode(blob))
return 1
`,
)

/** ARGV: blob id. {record JSON, missing indexes…}, or an empty list when gone. */
export const blobStatusScript = new LuaScript(
  'chattyBlobStatus',
  2,
  `${LIVE}
if not live then return {} end
local raw = redis.call('HGET', KEYS[2], 'm:' .. ARGV[1])
if not raw then return {} end
local blob = cjson.decode(raw)
local out = {raw}
if blob.received ~= blob.chunks then
  for i = 0, blob.chunks - 1 do
    if redis.call('HEXISTS', KEYS[2], 'c:' .. ARGV[1] .. ':' .. i) == 0 then out[#out + 1] = i end
  end
end
return out
`,
)

/** ARGV: blob id. Deletes the blob's record and chunks and gives its bytes back to the room. */
export const deleteBlobScript = new LuaScript(
  'chattyDeleteBlob',
  2,
  `
local raw = redis.call('HGET', KEYS[2], 'm:' .. ARGV[1])
if not raw then return 0 end
local blob = cjson.decode(raw)
local fields = {'m:' .. ARGV[1]}
for i = 0, blob.chunks - 1 do fields[#fields + 1] = 'c:' .. ARGV[1] .. ':' .. i end
redis.call('HDEL', KEYS[2], unpack(fields))
redis.call('HINCRBY', KEYS[2], 'total', -blob.size)
return 1
`,
)
