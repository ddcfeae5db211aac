/** The store the app runs on: Redis or a Redis Cluster when configured, memory otherwise. */
import { MemoryStore } from './memory-store.js'
import type { RedisNodeAddress } from './redis/connection.js'
import { RedisStore } from './redis/redis-store.js'
import type { Store } from './store.js'

export interface CreateStoreOptions {
  /** Unset: the in-memory store (one process). Set: Redis, shared by many processes. */
  redisUrl?: string | undefined
  /** Set: the Redis store on a Redis Cluster reached through these nodes. */
  redisClusterNodes?: RedisNodeAddress[] | undefined
  historyLimit: number
  heartbeatSeconds: number
  /** In-memory store: the histories' budget in bytes (default: half of V8's heap limit). */
  memoryBudgetBytes?: number | undefined
  /** Where background failures go (default: console.error). */
  onError?: (error: unknown) => void
}

export function createStore(options: CreateStoreOptions): Store {
  const { redisUrl, redisClusterNodes, historyLimit, heartbeatSeconds, onError } = options
  const common = { historyLimit, heartbeatSeconds, ...(onError && { onError }) }
  if (redisUrl) return new RedisStore({ url: redisUrl, ...common })
  if (redisClusterNodes) return new RedisStore({ clusterNodes: redisClusterNodes, ...common })
  return new MemoryStore({
    historyLimit,
    ...(onError && { onListenerError: onError }),
    ...(options.memoryBudgetBytes && { budgetBytes: options.memoryBudgetBytes }),
  })
}
