/**
 * A full store is said plainly. Redis at `maxmemory` (noeviction): `store_full` error frames,
 * 503 with `Retry-After` and a JSON body for a new room, `/readyz` still 200 with
 * `store_full: true`, and all works again once memory is free. The memory store at its
 * budget (`CHATTY_MEMORY_BUDGET_MB`): floods trim their own history, other rooms keep
 * chatting, new rooms get the same 503.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorFrame } from '../../protocol/index.js'
import { startRedis, type TestRedis } from '../../testkit/redis.js'
import { startServer, type TestServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'

let redis: TestRedis
let server: TestServer
let admin: Redis

beforeAll(async () => {
  redis = await startRedis({ extraArgs: ['--maxmemory-policy', 'noeviction'] })
  server = await startServer({ CHATTY_REDIS_URL: redis.url })
  admin = new Redis(redis.url)
})
afterAll(async () => {
  admin?.disconnect()
  await server?.close()
  await redis?.stop()
})

/**
 * Makes Redis full, or not: a `maxmemory` of one byte refuses every write that may grow
 * memory, whatever the fluctuations of its own buffers (`noeviction`); 0 lifts the limit.
 */
async function setFull(full: boolean): Promise<void> {
  await admin.config('SET', 'maxmemory', full ? '1' : '0')
}

describe('a full Redis', () => {
  it('is answered store_full and 503 with Retry-After, /readyz stays 200; all works once it has room', async () => {
    const roomId = await server.createRoom()
    const { client: alice } = await TestClient.join(server.wsUrl(roomId), 'Alice')
    alice.say('before')
    await alice.nextMessage('before')

    await setFull(true)
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

    await setFull(false)
    alice.say('after')
    await alice.nextMessage('after')
    expect((await fetch(`${server.baseUrl}/api/rooms/`, { method: 'POST' })).status).toBe(201)
    alice.close()
  })
})

describe('the memory store at its budget', () => {
  it('trims the floods, keeps a quiet room chatting, and refuses new rooms with 503 store_full', async () => {
    const memory = await startServer({
      CHATTY_MEMORY_BUDGET_MB: '2',
      CHATTY_MESSAGES_PER_SECOND: '100000',
      CHATTY_MESSAGE_BURST: '100000',
    })
    try {
      const quietRoom = await memory.createRoom()
      const { client: ana } = await TestClient.join(memory.wsUrl(quietRoom), 'Ana')
      const floods = await Promise.all(
        [1, 2, 3].map(async (i) => {
          const { client } = await TestClient.join(
            memory.wsUrl(await memory.createRoom()),
            `Bot${i}`,
          )
          return client
        }),
      )
      const long = 'x'.repeat(4000)
      for (const bot of floods) {
        for (let i = 0; i < 150; i++) bot.say(i === 149 ? `last ${long.slice(5)}` : long)
      }
      for (const bot of floods) await bot.nextMessage(`last ${long.slice(5)}`)

      const res = await fetch(`${memory.baseUrl}/api/rooms/`, { method: 'POST' })
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('60')
      expect(await res.json()).toMatchObject({ statusCode: 503, code: 'store_full' })
      expect(await (await fetch(`${memory.baseUrl}/readyz`)).json()).toEqual({
        status: 'ready',
        store_full: true,
      })
      // The quiet room chats on, its history whole.
      ana.say('still here')
      await ana.nextMessage('still here')
      const { history } = await TestClient.join(memory.wsUrl(quietRoom), 'Ben')
      expect(history.messages.map((m) => m.content)).toEqual(['Ana joined the chat', 'still here'])
      for (const c of [ana, ...floods]) c.close()
    } finally {
      await memory.close()
    }
  })
})
