/**
 * A secured Redis: an ACL user and password, given in `CHATTY_REDIS_URL`
 * (`redis://user:password@host:port`) or, for a cluster, in `CHATTY_REDIS_CLUSTER_NODES`
 * (`redis://user:password@host:port,host:port`): rooms, chat and the shared limits work, and
 * without the password nothing is left in Redis by Chatty. (TLS is `rediss://`, handled by
 * ioredis alike.)
 */
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probeRedis, startRedis, type TestRedis } from '../../testkit/redis.js'
import { startRedisCluster, type TestCluster } from '../../testkit/redis-cluster.js'
import { startServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'

/** Locks the node: only the ACL user `app` (and the default user with `admin`) may in. */
async function secure(port: number, cluster = false): Promise<void> {
  const client = probeRedis(port)
  try {
    await client.connect()
    await client.call('ACL', 'SETUSER', 'app', 'on', '>app-pass', '~*', '&*', '+@all')
    // Replicas would authenticate to their masters with this; none here, but as deployed.
    if (cluster) await client.call('CONFIG', 'SET', 'masterauth', 'admin')
    await client.call('CONFIG', 'SET', 'requirepass', 'admin')
  } finally {
    client.disconnect()
  }
}

async function chatWorks(env: Record<string, string>): Promise<void> {
  const server = await startServer(env)
  try {
    const roomId = await server.createRoom()
    const { client: alice } = await TestClient.join(server.wsUrl(roomId), 'Alice')
    const { client: bob } = await TestClient.join(server.wsUrl(roomId), 'Bob')
    alice.say('over a locked Redis')
    await bob.nextMessage('over a locked Redis')
    expect(await (await fetch(`${server.baseUrl}/readyz`)).json()).toEqual({ status: 'ready' })
    alice.close()
    bob.close()
  } finally {
    await server.close()
  }
}

describe('a Redis with an ACL user and password', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startRedis()
    await secure(redis.port)
  })
  afterAll(async () => redis?.stop())

  it('serves rooms with the user and password in CHATTY_REDIS_URL', async () => {
    // Without them Redis refuses every command.
    const anonymous = execFileSync('redis-cli', ['-p', String(redis.port), 'SET', 'k', 'v'])
    expect(String(anonymous)).toContain('NOAUTH')
    await chatWorks({ CHATTY_REDIS_URL: `redis://app:app-pass@127.0.0.1:${redis.port}` })
  })
})

describe('a Redis Cluster with an ACL user and password', () => {
  let cluster: TestCluster
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 })
    for (const node of cluster.nodes) await secure(node.port, true)
  })
  afterAll(async () => cluster?.stop())

  it('serves rooms with them given once in CHATTY_REDIS_CLUSTER_NODES', async () => {
    const [first, ...rest] = cluster.nodes.map((n) => `127.0.0.1:${n.port}`)
    await chatWorks({
      CHATTY_REDIS_CLUSTER_NODES: [`redis://app:app-pass@${first}`, ...rest].join(','),
    })
  })
})
