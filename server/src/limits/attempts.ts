/**
 * Counters of password attempts (`rooms/room-access.ts`), in fixed windows: in this process's
 * memory, or on Redis so that every process counts the same tries. Keys are a room id or a
 * keyed hash of a client address (`client-key.ts`), never an address; on Redis each counter
 * lives one window (its TTL is set in the same script that counts).
 */
import type { AttemptCounter } from '../rooms/room-access.js'
import type { RedisClient } from '../store/redis/connection.js'
import { LuaScript } from '../store/redis/lua.js'

export class MemoryAttempts implements AttemptCounter {
  private readonly counts = new Map<string, { n: number; until: number }>()

  async take(key: string, max: number, windowMs: number): Promise<number | null> {
    const now = Date.now()
    this.sweep(now)
    const count = this.counts.get(key) ?? { n: 0, until: now + windowMs }
    if (count.n >= max) return Math.max(1, Math.ceil((count.until - now) / 1000))
    count.n++
    this.counts.set(key, count)
    return null
  }

  async giveBack(key: string): Promise<void> {
    const count = this.counts.get(key)
    if (count && count.n > 0) count.n--
  }

  /** Windows that ended are forgotten, so the map holds only this window's tries. */
  private sweep(now: number): void {
    for (const [key, count] of this.counts) if (count.until <= now) this.counts.delete(key)
  }
}

/** KEYS: the counter. ARGV: most, window ms. 0 when taken, else the ms left in the window. */
const takeScript = new LuaScript(
  'chattyTakeAttempt',
  1,
  `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return math.max(redis.call('PTTL', KEYS[1]), 1) end
redis.call('INCR', KEYS[1])
if n == 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`,
)

/** KEYS: the counter. Gives one back, keeping the window's TTL. */
const giveBackScript = new LuaScript(
  'chattyGiveBackAttempt',
  1,
  `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return 0
`,
)

export class RedisAttempts implements AttemptCounter {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = 'chatty:attempts:',
  ) {}

  async take(key: string, max: number, windowMs: number): Promise<number | null> {
    const left = Number(await takeScript.run(this.redis, [this.prefix + key], [max, windowMs]))
    return left === 0 ? null : Math.max(1, Math.ceil(left / 1000))
  }

  async giveBack(key: string): Promise<void> {
    await giveBackScript.run(this.redis, [this.prefix + key], [])
  }
}
