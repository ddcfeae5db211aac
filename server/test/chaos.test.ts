/**
 * Chaos, short and bounded: two server processes on one Redis (heartbeat 1 s) while Redis
 * is killed for longer than three heartbeats and restarted from its AOF, and while it is
 * restarted empty.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SystemFrame } from '../../protocol/index.js'
import { startChatty, type ChattyProcess } from '../../testkit/chatty.js'
import { startChaosRedis, type ChaosRedis } from '../../testkit/redis.js'
import { createRoom } from '../../testkit/rooms.js'
import { TestClient } from './support/ws-client.js'

let redis: ChaosRedis
let a: ChattyProcess
let b: ChattyProcess

beforeAll(async () => {
  redis = await startChaosRedis()
  const env = { CHATTY_REDIS_URL: redis.url, CHATTY_TEST_TIMINGS: 'heartbeat=1' }
  ;[a, b] = await Promise.all([
    startChatty({ from: 'source', env }),
    startChatty({ from: 'source', env }),
  ])
}, 60_000)
afterAll(async () => {
  await Promise.all([a?.kill('SIGKILL'), b?.kill('SIGKILL')])
  await redis?.stop()
})

const ready = (s: ChattyProcess) => async () => (await fetch(`${s.baseUrl}/readyz`)).status

describe('chaos', () => {
  it('Redis down for 5 heartbeats, back from its AOF: refused sends, nobody reaped, exact resume', async () => {
    const roomId = await createRoom(a.baseUrl)
    const alice = await TestClient.join(a.wsUrl(roomId), 'Alice')
    const bob = await TestClient.join(b.wsUrl(roomId), 'Bob')
    alice.client.say('before')
    const before = await bob.client.nextMessage('before')

    await redis.kill()
    await expect.poll(ready(a), { timeout: 5000 }).toBe(503)
    alice.client.say('during', { client_id: 'd1' })
    expect(await alice.client.nextError()).toMatchObject({ code: 'unavailable', client_id: 'd1' })
    await new Promise((resolve) => setTimeout(resolve, 5000))
    await redis.start()
    await expect.poll(ready(a), { timeout: 10_000 }).toBe(200)
    await expect.poll(ready(b), { timeout: 10_000 }).toBe(200)
    // Longer than a reaper's window after its reconnect: nobody left.
    await new Promise((resolve) => setTimeout(resolve, 4500))
    const left = (f: { type: string; event?: string }) => f.type === 'system' && f.event === 'leave'
    expect(alice.client.frames.filter((f) => left(f as SystemFrame))).toEqual([])
    expect(bob.client.frames.filter((f) => left(f as SystemFrame))).toEqual([])

    // Bob drops and resumes on the other process: exactly what he missed, same epoch.
    bob.client.close()
    await alice.client.next((f) => f.type === 'system' && f.event === 'leave')
    alice.client.say('missed')
    const missed = await alice.client.nextMessage('missed')
    const again = await TestClient.connect(a.wsUrl(roomId))
    again.send({ type: 'join', sender: 'Bob', last_id: before.id, epoch: bob.joined.epoch })
    const joined = await again.next((f) => f.type === 'joined')
    const history = await again.next((f) => f.type === 'history')
    expect(joined).toMatchObject({ epoch: alice.joined.epoch, recovered: true })
    const contents = (history as { messages: { type: string; content: string }[] }).messages
      .filter((m) => m.type === 'message')
      .map((m) => m.content)
    expect(contents).toEqual([missed.content])
    again.close()
    alice.client.close()
  }, 60_000)

  it('Redis restarted empty: members are closed with 4001, new rooms work', async () => {
    const roomId = await createRoom(a.baseUrl)
    const alice = await TestClient.join(a.wsUrl(roomId), 'Alice')
    const bob = await TestClient.join(b.wsUrl(roomId), 'Bob')
    await redis.kill()
    await redis.start({ empty: true })
    const [ca, cb] = await Promise.all([alice.client.closed, bob.client.closed])
    expect([4001, 4004]).toContain(ca.code)
    expect([4001, 4004]).toContain(cb.code)
    await expect.poll(ready(b), { timeout: 10_000 }).toBe(200)
    const fresh = await createRoom(b.baseUrl)
    const carol = await TestClient.join(a.wsUrl(fresh), 'Carol')
    carol.client.say('hello')
    await carol.client.nextMessage('hello')
    carol.client.close()
  }, 60_000)

  it('one of two processes SIGKILLed: its ghost goes within 7 heartbeats, the member resumes on the other', async () => {
    const roomId = await createRoom(a.baseUrl)
    const alice = await TestClient.join(a.wsUrl(roomId), 'Alice')
    const bob = await TestClient.join(b.wsUrl(roomId), 'Bob')
    alice.client.say('seen')
    const seen = await bob.client.nextMessage('seen')
    await b.kill('SIGKILL')
    const killedAt = Date.now()
    alice.client.say('missed')
    const missed = await alice.client.nextMessage('missed')

    // Bob's rejoin on the other process is refused name_taken until the ghost is reaped.
    let history: { type: string; id: number; content: string }[] = []
    await expect
      .poll(
        async () => {
          const again = await TestClient.connect(a.wsUrl(roomId))
          again.send({ type: 'join', sender: 'Bob', last_id: seen.id, epoch: bob.joined.epoch })
          const reply = await again.next((f) => f.type === 'joined' || f.type === 'error')
          if (reply.type !== 'joined') {
            again.close()
            return reply.type
          }
          const frame = await again.next((f) => f.type === 'history')
          history = (frame as unknown as { messages: typeof history }).messages
          again.close()
          return 'joined'
        },
        { timeout: 15_000, interval: 300 },
      )
      .toBe('joined')
    // Documented: at most 7 heartbeats (1 s here), plus slack for a busy machine.
    expect(Date.now() - killedAt).toBeLessThan(9000)
    const messages = history.filter((m) => m.type === 'message').map((m) => m.content)
    expect(messages).toEqual([missed.content])
    alice.client.close()
  }, 60_000)
})

// The tests run in any order (CI shuffles them): each leaves both processes serving.
afterEach(async () => {
  for (const server of [a, b]) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) await server.start()
  }
}, 60_000)
