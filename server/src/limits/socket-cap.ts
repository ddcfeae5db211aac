/**
 * Open WebSockets per client address, capped (`CHATTY_MAX_SOCKETS_PER_ADDRESS`): one
 * address cannot hold the server's file descriptors, and a household behind one NAT
 * still fits. Addresses are never kept in clear: they are counted under a keyed hash
 * (HMAC-SHA-256 with a secret no client sees), in memory and in Redis alike.
 *
 * On Redis the count is shared by every process. Each process owns one field of the
 * address's hash, `nodeId → "count:leaseUntil"`, rewritten every `leaseMs / 3` while it
 * has sockets there; a field whose lease ran out (its process died) no longer counts and
 * is dropped by the next writer. The key itself expires with the last lease, so it never
 * outlives the sockets it counts. Checking the total and taking a permit is one Lua script.
 *
 * The secret is shared through Redis (`shared-secret.ts`; every process renews it each
 * refresh, so it expires one lease after the last process stopped, then a new one is drawn): a socket keeps
 * the hash it was counted under until it closes. While Redis is unreachable, sockets are
 * counted in this process only (a connection is never refused because Redis is down),
 * and the next refresh writes this process's true counts back. Counted, and capped: with
 * no secret to be had from Redis, addresses are hashed with the last secret this process
 * had, even lapsed, or with one of its own if it never had one.
 */
import type { SocketPermit } from '../rooms/connection.js'
import type { RedisClient } from '../store/redis/connection.js'
import { LuaScript } from '../store/redis/lua.js'
import { addressHash, newAddressSecret } from './address-hash.js'
import { SharedSecret } from './shared-secret.js'

export type { SocketPermit }

export interface SocketCap {
  /** Takes one of the `max` sockets `address` may hold; null when they are all taken. */
  acquire(address: string): Promise<SocketPermit | null>
  close(): Promise<void>
}

/** Counts this process's sockets per hashed address; shared by both implementations. */
class LocalCounts {
  readonly counts = new Map<string, number>()

  take(key: string, max: number): boolean {
    const n = this.counts.get(key) ?? 0
    if (n >= max) return false
    this.counts.set(key, n + 1)
    return true
  }

  give(key: string): number {
    const n = (this.counts.get(key) ?? 1) - 1
    if (n <= 0) this.counts.delete(key)
    else this.counts.set(key, n)
    return Math.max(0, n)
  }
}

function permit(onRelease: () => void): SocketPermit {
  let released = false
  return {
    release() {
      if (released) return
      released = true
      onRelease()
    },
  }
}

/** One process: the counts are this process's. */
export class MemorySocketCap implements SocketCap {
  private readonly local = new LocalCounts()
  private readonly secret = newAddressSecret()

  constructor(private readonly max: number) {}

  async acquire(address: string): Promise<SocketPermit | null> {
    const key = addressHash(this.secret, address)
    if (!this.local.take(key, this.max)) return null
    return permit(() => this.local.give(key))
  }

  async close(): Promise<void> {}
}

/** KEYS: the address's hash. ARGV: node, this node's count after taking, max, lease ms. */
const takeScript = new LuaScript(
  'chattyTakeSlot',
  1,
  `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local flat = redis.call('HGETALL', KEYS[1])
local others = 0
for i = 1, #flat, 2 do
  if flat[i] ~= ARGV[1] then
    local count, lease = string.match(flat[i + 1], '^(%d+):(%d+)$')
    if count and tonumber(lease) > now then
      others = others + tonumber(count)
    else
      redis.call('HDEL', KEYS[1], flat[i])
    end
  end
end
if others + tonumber(ARGV[2]) > tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. (now + tonumber(ARGV[4])))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`,
)

/** KEYS: the address's hash. ARGV: node, this node's count, lease ms. */
const setScript = new LuaScript(
  'chattySetSlots',
  1,
  `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if tonumber(ARGV[2]) == 0 then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. (now + tonumber(ARGV[3])))
end
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1
`,
)

const PREFIX = 'chatty:'

export interface RedisSocketCapOptions {
  redis: RedisClient
  max: number
  nodeId: string
  /** How long a process's counts hold without a refresh (default 15 s). */
  leaseMs?: number
  onError?: (error: unknown) => void
}

export class RedisSocketCap implements SocketCap {
  private readonly local = new LocalCounts()
  private readonly leaseMs: number
  private readonly timer: NodeJS.Timeout
  private readonly secret: SharedSecret

  constructor(private readonly o: RedisSocketCapOptions) {
    this.leaseMs = o.leaseMs ?? 15_000
    this.secret = new SharedSecret({
      redis: o.redis,
      key: `${PREFIX}sockets-secret`,
      leaseMs: this.leaseMs,
      renew: true,
      what: 'socket-cap',
    })
    this.timer = setInterval(() => void this.refresh(), this.leaseMs / 3)
    this.timer.unref()
  }

  async acquire(address: string): Promise<SocketPermit | null> {
    let shared = true
    let secret: string
    try {
      secret = await this.secret.get()
    } catch (error) {
      this.o.onError?.(error)
      shared = false
      secret = this.secret.lastOrOwn()
    }
    const key = this.redisKey(addressHash(secret, address))
    if (!this.local.take(key, this.o.max)) return null
    // Redis just failed to answer: count here only, and let the next refresh write it back.
    if (!shared) return permit(() => this.release(key))
    const mine = this.local.counts.get(key)!
    try {
      const ok = await takeScript.run(
        this.o.redis,
        [key],
        [this.o.nodeId, mine, this.o.max, this.leaseMs],
      )
      if (ok !== 1) {
        this.release(key)
        return null
      }
    } catch (error) {
      this.o.onError?.(error)
    }
    return permit(() => this.release(key))
  }

  async close(): Promise<void> {
    clearInterval(this.timer)
    const keys = [...this.local.counts.keys()]
    this.local.counts.clear()
    await Promise.allSettled(keys.map((key) => this.write(key, 0)))
  }

  private release(key: string): void {
    const left = this.local.give(key)
    this.write(key, left).catch((error: unknown) => this.o.onError?.(error))
  }

  private write(key: string, count: number): Promise<unknown> {
    return setScript.run(this.o.redis, [key], [this.o.nodeId, count, this.leaseMs])
  }

  /** Rewrites this process's true counts, so leases hold and a lost write heals. */
  private async refresh(): Promise<void> {
    // The secret lives one lease past the last process that renews it: while any process
    // runs it stays the same, and once they have all stopped Redis forgets it.
    const writes: Promise<unknown>[] = [this.secret.fetch()]
    for (const [key, count] of this.local.counts) writes.push(this.write(key, count))
    const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected')
    if (failed) this.o.onError?.(failed.reason)
  }

  private redisKey(hash: string): string {
    // The braces keep each address's key in one cluster slot.
    return `${PREFIX}sockets:{${hash}}`
  }
}
