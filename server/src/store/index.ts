/** The store the app runs on: Redis when a URL is configured, memory otherwise. */
import { MemoryStore } from './memory-store.js'
import { RedisStore } from './redis-store.js'
import type { Store } from './store.js'

export interface CreateStoreOptions {
  /** Unset: the in-memory store (one process). Set: Redis, shared by many processes. */
  redisUrl?: string | undefined
  historyLimit: number
  heartbeatSeconds: number
}

export function createStore(options: CreateStoreOptions): Store {
  const { redisUrl, historyLimit, heartbeatSeconds } = options
  if (redisUrl) return new RedisStore({ url: redisUrl, historyLimit, heartbeatSeconds })
  return new MemoryStore({ historyLimit })
}
