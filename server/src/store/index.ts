/** The store the app runs on: Redis or a Redis Cluster when configured, memory otherwise. */
import { MemoryStore } from './memory-store.js'
import type { RedisNodeAddress } from './redis-connection.js'
import { RedisStore } from './redis-store.js'
import type { Store } from './store.js'

export interface CreateStoreOptions {
  /** Unset: the in-memory store (one process). Set: Redis, shared by many processes. */
  redisUrl?: string | undefined
  /** Set: the Redis store on a Redis Cluster reached through these nodes. */
  redisClusterNodes?: RedisNodeAddress[] | undefined
  historyLimit: number
  heartbeatSeconds: number
}

export function createStore(options: CreateStoreOptions): Store {
  const { redisUrl, redisClusterNodes, historyLimit, heartbeatSeconds } = options
  if (redisUrl) return new RedisStore({ url: redisUrl, historyLimit, heartbeatSeconds })
  if (redisClusterNodes) {
    return new RedisStore({ clusterNodes: redisClusterNodes, historyLimit, heartbeatSeconds })
  }
  return new MemoryStore({ historyLimit })
}
