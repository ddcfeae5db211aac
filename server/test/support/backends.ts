/** The Redis set-ups that multi-process tests run on: one Redis, and a cluster of three masters. */
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { startChatty, type ChattyProcess } from '../../../testkit/chatty.js'
import { startRedisCluster } from '../../../testkit/redis-cluster.js'
import { startRedis } from '../../../testkit/redis.js'
import type { TestClient } from './ws-client.js'

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

/**
 * Two Chatty processes (from source) on one backend, for a `describe` block: started before
 * its tests, their clients closed after each test, everything stopped after the block.
 * `admins`: a connection to each Redis node, for inspecting keys.
 */
export function twoProcesses(
  startBackend: () => Promise<Backend>,
  env: Record<string, string> = {},
) {
  const started = {
    backend: undefined as Backend | undefined,
    a: undefined as ChattyProcess | undefined,
    b: undefined as ChattyProcess | undefined,
    admins: [] as Redis[],
    /** Closed after each test. */
    clients: [] as TestClient[],
  }
  beforeAll(async () => {
    started.backend = await startBackend()
    started.admins = started.backend.ports.map((port) => new Redis({ host: '127.0.0.1', port }))
    const both = { ...started.backend.env, ...env }
    ;[started.a, started.b] = await Promise.all([
      startChatty({ from: 'source', env: both }),
      startChatty({ from: 'source', env: both }),
    ])
  }, 60_000)
  afterEach(() => {
    for (const c of started.clients.splice(0)) c.close()
  })
  afterAll(async () => {
    await Promise.all([started.a?.kill('SIGKILL'), started.b?.kill('SIGKILL')])
    await Promise.all(started.admins.map((r) => r.quit()))
    await started.backend?.stop()
  })
  return {
    get a(): ChattyProcess {
      return started.a!
    },
    get b(): ChattyProcess {
      return started.b!
    },
    get admins(): Redis[] {
      return started.admins
    },
    clients: started.clients,
  }
}
