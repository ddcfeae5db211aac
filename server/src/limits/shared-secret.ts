/**
 * A random secret shared by every process through Redis, under a lease: the first process
 * that needs one draws it and stores it with `SET NX`; the others read it, and each caches
 * it until Redis expires it, when a new one is drawn. So no secret outlives its lease in
 * Redis, and once every process is gone Redis forgets it. The rooms-per-window limit and the
 * socket cap both hash client addresses with such a secret (`address-hash.ts`).
 */
import type { RedisClient } from '../store/redis/connection.js'
import { newAddressSecret } from './address-hash.js'

export interface SharedSecretOptions {
  redis: RedisClient
  /** The Redis key it lives under. */
  key: string
  leaseMs: number
  /**
   * Whether each fetch extends the lease: the secret then lives one lease past the last
   * process still fetching it. Without, it lives one lease from when it was drawn.
   */
  renew: boolean
  /** Names the secret in errors. */
  what: string
}

export class SharedSecret {
  private cached: { value: string; until: number } | undefined
  private fetching: Promise<string> | undefined

  constructor(private readonly options: SharedSecretOptions) {}

  /** The cached secret while its lease holds; otherwise fetched (one fetch at a time). */
  async get(): Promise<string> {
    if (this.cached && Date.now() < this.cached.until) return this.cached.value
    this.fetching ??= this.fetch().finally(() => (this.fetching = undefined))
    return this.fetching
  }

  /**
   * The last secret this process had, even lapsed, or, never having had one, one of its
   * own (kept as lapsed, so the next `get` asks Redis again). For when Redis cannot hand
   * one out and something must still be hashed.
   */
  lastOrOwn(): string {
    this.cached ??= { value: newAddressSecret(), until: 0 }
    return this.cached.value
  }

  /** Reads (or draws) the secret from Redis now, renewing its lease when `renew`. */
  async fetch(): Promise<string> {
    const { redis, key, leaseMs, renew, what } = this.options
    const now = Date.now()
    const transaction = redis.multi().set(key, newAddressSecret(), 'PX', leaseMs, 'NX')
    if (renew) transaction.pexpire(key, leaseMs)
    const results = await transaction.get(key).pttl(key).exec()
    const failed = results?.find(([error]) => error)
    if (failed) throw failed[0]
    const value = results?.at(-2)?.[1]
    const ttl = Number(results?.at(-1)?.[1])
    if (typeof value !== 'string') throw new Error(`${what} secret missing from Redis`)
    this.cached = { value, until: now + Math.max(0, ttl) }
    return value
  }
}
