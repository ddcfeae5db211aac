/**
 * Redis at `maxmemory` (noeviction): writes refused for lack of memory are said plainly:
 * `store_full` error frames, 503 with `Retry-After` and a JSON body for a new room, and
 * `/readyz` still 200 with `store_full: true`. Once memory is free again, all works as before.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorFrame } from '../../protocol/index.js'
import { startRedis, type TestRedis } from '../../testkit/redis.js'
import { startServer, type TestServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'

let redis: TestRedis
let server: TestServer
let filler: Redis

beforeAll(async () => {
  redis = await startRedis({
    extraArgs: ['--maxmemory', '8mb', '--maxmemory-policy', 'noeviction'],
  })
  server = await startServer({ CHATTY_REDIS_URL: redis.url })
  filler = new Redis(redis.url)
})
afterAll(async () => {
  filler?.disconnect()
  await server?.close()
  await redis?.stop()
})

/**
 * Fills Redis with keys of this test's own until it refuses even a small write (a big value
 * is refused while its own bytes are in the query buffer); returns their names.
 */
async function fillRedis(): Promise<string[]> {
  const keys: string[] = []
  for (const size of [256 * 1024, 4 * 1024, 64]) {
    const value = 'x'.repeat(size)
    for (let i = 0; i < 100_000; i++) {
      const key = `test-filler:${size}:${i}`
      try {
        await filler.set(key, value, 'EX', 600)
        keys.push(key)
      } catch (error) {
        expect(String(error)).toContain('OOM')
        break
      }
    }
  }
  return keys
}

describe('a full Redis', () => {
  it('is answered store_full and 503 with Retry-After, /readyz stays 200; all works once it has room', async () => {
    const roomId = await server.createRoom()
    const { client: alice } = await TestClient.join(server.wsUrl(roomId), 'Alice')
    alice.say('before')
    await alice.nextMessage('before')

    const keys = await fillRedis()
    alice.say('while full', { client_id: 'c-full' })
    const refused = (await alice.next(
      (f) => f.type === 'error' && f.code === 'store_full',
    )) as ErrorFrame
    expect(refused.client_id).toBe('c-full')
    expect(refused.message).toMatch(/full/)

    const res = await fetch(`${server.baseUrl}/api/rooms/`, { method: 'POST' })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('60')
    expect(await res.json()).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'store_full',
    })

    const ready = await fetch(`${server.baseUrl}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready', store_full: true })

    for (let i = 0; i < keys.length; i += 1000) await filler.del(...keys.slice(i, i + 1000))
    alice.say('after')
    await alice.nextMessage('after')
    expect((await fetch(`${server.baseUrl}/api/rooms/`, { method: 'POST' })).status).toBe(201)
    alice.close()
  })
})
