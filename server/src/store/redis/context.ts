/** What every role of the Redis store shares (see `redis-store.ts`, which makes it). */
import type { RedisHealth } from './client-health.js'
import type { RedisClient } from './connection.js'
import type { RedisKeys } from './keys.js'

export interface RedisContext {
  /** The command connection (pub/sub has its own, in `events.ts`). */
  readonly redis: RedisClient
  /** The command connection's health: every command goes through its `run`. */
  readonly health: RedisHealth
  readonly keys: RedisKeys
  /** This process among those sharing the Redis. */
  readonly nodeId: string
  /** Messages kept per room. */
  readonly historyLimit: number
  /** Background failures; an outage is not one (it is reported once, by `health.ts`). */
  readonly onError: (error: unknown) => void
}
