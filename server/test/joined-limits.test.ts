/**
 * `joined.limits` tells the client the server's own timings, so the web app has none built
 * in: the typing throttle, and how long a name can stay held after its connection is gone
 * (the reconnect grace; on Redis, a process that died holds it until reaped: 7 heartbeats).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedis, type TestRedis } from '../../testkit/redis.js'
import { startServer, type TestServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'

let redis: TestRedis
const servers: TestServer[] = []

beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
  await redis?.stop()
})

async function limitsOf(env: Record<string, string>) {
  const server = await startServer(env)
  servers.push(server)
  const { client, joined } = await TestClient.join(server.wsUrl(await server.createRoom()), 'Ann')
  client.close()
  return joined.limits
}

describe('joined.limits', () => {
  it('carries the typing throttle and the reconnect grace on the memory store', async () => {
    const limits = await limitsOf({
      CHATTY_TYPING_THROTTLE_MS: '750',
      CHATTY_RECONNECT_GRACE_SECONDS: '20',
    })
    expect(limits).toMatchObject({ typing_throttle_ms: 750, name_hold_seconds: 20 })
  })

  it('on Redis, the longer of the grace and the ghost bound of 7 heartbeats', async () => {
    const limits = await limitsOf({
      CHATTY_REDIS_URL: redis.url,
      CHATTY_HEARTBEAT_SECONDS: '10',
      CHATTY_RECONNECT_GRACE_SECONDS: '15',
    })
    expect(limits.name_hold_seconds).toBe(70)
  })
})

describe('joined.features', () => {
  async function joinedOf(env: Record<string, string>) {
    const server = await startServer(env)
    servers.push(server)
    const { client, joined } = await TestClient.join(server.wsUrl(await server.createRoom()), 'Ann')
    client.close()
    return joined
  }

  it('names what the server does beyond the original protocol, files only when it takes them', async () => {
    const on = await joinedOf({})
    expect(on.features).toEqual(['files', 'delete', 'edit', 'react', 'vanish'])
    expect(on.limits.max_file_bytes).toBe(25 * 2 ** 20)
    const off = await joinedOf({ CHATTY_MAX_FILE_BYTES: '0' })
    expect(off.features).toEqual(['delete', 'edit', 'react', 'vanish'])
    expect(off.limits.max_file_bytes).toBeUndefined()
  })
})
