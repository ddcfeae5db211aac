/** The message-changes script (`message-edits.ts`; see `lua.ts` for what every script guarantees). */
import { LuaScript, NOW_MS } from './lua.js'

/**
 * KEYS: room, messages. ARGV: channel, event JSON, then triples (id, JSON as read, new JSON or
 * '' to delete). The first triple is the message changed: when it no longer reads as given
 * (another change came first), nothing is done and 0 is returned, for the caller to read again.
 * The others (quotes of it) are rewritten where they still read as given. Then `event` is
 * published; 1. -1 when the room is gone.
 */
export const rewriteMessagesScript = new LuaScript(
  'chattyRewriteMessages',
  2,
  `${NOW_MS}
local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
if not expires_at or tonumber(expires_at) <= now_ms() then return -1 end
local function rewrite(i)
  local id, before, after = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local stored = redis.call('ZRANGEBYSCORE', KEYS[2], id, id)[1]
  if stored ~= before then return false end
  redis.call('ZREMRANGEBYSCORE', KEYS[2], id, id)
  if after ~= '' then redis.call('ZADD', KEYS[2], id, after) end
  return true
end
if not rewrite(3) then return 0 end
for i = 6, #ARGV, 3 do rewrite(i) end
redis.call(PUBLISH, ARGV[1], ARGV[2])
return 1
`,
)
