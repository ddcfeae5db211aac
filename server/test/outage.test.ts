/**
 * A Redis outage under one server process: frames needing the store are answered
 * `unavailable` within about a second (with the message's `client_id`), room creation is
 * 503 with Retry-After, /readyz is 503, nothing of the outage is stored, the log says it
 * once in JSON, and the server resumes by itself when Redis is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorFrame } from '../../protocol/index.js'
import { startChatty, type ChattyProcess } from '../../testkit/chatty.js'
import { startChaosRedis, type ChaosRedis } from '../../testkit/redis.js'
import { createRoom } from '../../testkit/rooms.js'
import { TestClient } from './support/ws-client.js'

let redis: ChaosRedis
let server: ChattyProcess

beforeAll(async () => {
  redis = await startChaosRedis()
  server = await startChatty({
    from: 'source',
    env: {
      CHATTY_REDIS_URL: redis.url,
      CHATTY_TEST_TIMINGS: 'heartbeat=1',
      CHATTY_LOG_LEVEL: 'info',
      CHATTY_MESSAGE_BURST: '50',
    },
  })
}, 60_000)
afterAll(async () => {
  await server?.kill('SIGKILL')
  await redis?.stop()
})

const readyStatus = async () => (await fetch(`${server.baseUrl}/readyz`)).status

describe('a Redis outage', () => {
  it('is answered at once, stores nothing, is logged once and ends by itself', async () => {
    const roomId = await createRoom(server.baseUrl)
    const { client: alice } = await TestClient.join(server.wsUrl(roomId), 'Alice')
    alice.say('before', { client_id: 'b1' })
    const before = await alice.nextMessage('before')

    await redis.kill()
    await expect.poll(readyStatus, { timeout: 5000 }).toBe(503)

    const sent = Date.now()
    const ids = ['c1', 'c2', 'c3', 'c4', 'c5']
    for (const id of ids) alice.say(`during ${id}`, { client_id: id })
    const refused: ErrorFrame[] = []
    for (let i = 0; i < ids.length; i++) refused.push(await alice.nextError())
    // Every frame answered, all of them within about a second (none queued behind a retry).
    expect(Date.now() - sent).toBeLessThan(1500)
    expect(refused.map((f) => [f.code, f.client_id])).toEqual(ids.map((id) => ['unavailable', id]))

    const post = await fetch(`${server.baseUrl}/api/rooms/`, { method: 'POST' })
    expect(post.status).toBe(503)
    expect(Number(post.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await post.json()).toMatchObject({ statusCode: 503, message: expect.any(String) })

    // Several reconnect attempts and heartbeats fail meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 2500))
    await redis.start()
    await expect.poll(readyStatus, { timeout: 10_000 }).toBe(200)

    // Resumed by itself: the same connection chats again, and the outage stored nothing.
    await expect
      .poll(
        async () => {
          alice.say('after', { client_id: 'a1' })
          const frame = await alice.next((f) => f.type === 'message' || f.type === 'error')
          return frame.type
        },
        { timeout: 10_000, interval: 300 },
      )
      .toBe('message')
    const { client: bob, history } = await TestClient.join(server.wsUrl(roomId), 'Bob')
    const contents = history.messages.flatMap((m) => (m.type === 'message' ? [m.content] : []))
    expect(contents).toEqual(['before', 'after'])
    expect(history.messages.find((m) => m.id === before.id)).toEqual(before)
    expect((await fetch(`${server.baseUrl}/api/rooms/`, { method: 'POST' })).status).toBe(201)

    // Logged once per change, as JSON, with no ioredis noise.
    const output = server.output()
    expect(output).not.toMatch(/Unhandled error event/)
    const lines = output.split('\n').filter((l) => l.trim() !== '')
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow()
    const logs = lines.map((l) => JSON.parse(l) as { msg?: string })
    expect(logs.filter((l) => l.msg?.startsWith('store unreachable'))).toHaveLength(1)
    expect(logs.filter((l) => l.msg === 'store reachable').length).toBeGreaterThanOrEqual(1)
    expect(output).not.toContain(roomId)
    alice.close()
    bob.close()
  }, 60_000)
})
