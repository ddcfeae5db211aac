/**
 * A store process that is about to die: joins a member to a room, says "ready", and
 * waits to be SIGKILLed (so it never removes its member itself).
 * Env: REDIS_URL, ROOM_ID, MEMBER_NAME, HEARTBEAT_SECONDS.
 */
import { RedisStore } from '../../src/store/redis/redis-store.js'

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set`)
  return value
}

const store = new RedisStore({
  url: env('REDIS_URL'),
  historyLimit: 10,
  heartbeatSeconds: Number(env('HEARTBEAT_SECONDS')),
})
const joined = await store.addMember(
  env('ROOM_ID'),
  {
    name: env('MEMBER_NAME'),
    key: env('MEMBER_NAME').toLowerCase(),
    avatar: 'ghost',
    connId: 'ghost-conn',
  },
  10,
)
if (!joined.ok) throw new Error(`could not join: ${joined.reason}`)
process.stdout.write(`ready ${store.nodeId}\n`)
// The store's timers are unref'd; this keeps the process alive until it is killed.
setInterval(() => {}, 60_000)
