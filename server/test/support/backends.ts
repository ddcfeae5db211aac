/** The Redis set-ups that multi-process tests run on: one Redis, and a cluster of three masters. */
import { startRedisCluster } from '../../../testkit/redis-cluster.js'
import { startRedis } from '../../../testkit/redis.js'

export interface Backend {
  /** What the server processes are started with. */
  env: Record<string, string>
  /** Every node's port, for inspecting keys. */
  ports: number[]
  stop(): Promise<void>
}

/** For `describe.each`: a name and a start function per set-up. */
export const REDIS_BACKENDS: [string, () => Promise<Backend>][] = [
  [
    'one Redis',
    async () => {
      const redis = await startRedis()
      return { env: { CHATTY_REDIS_URL: redis.url }, ports: [redis.port], stop: redis.stop }
    },
  ],
  [
    'a Redis Cluster of three masters',
    async () => {
      const cluster = await startRedisCluster({ masters: 3 })
      return {
        env: { CHATTY_REDIS_CLUSTER_NODES: cluster.nodesEnv },
        ports: cluster.nodes.map((n) => n.port),
        stop: cluster.stop,
      }
    },
  ],
]
