/**
 * Room epoch: `joined` carries it; a rejoin with `last_id` and the same epoch gets exactly
 * what it missed (`recovered: true`); once Redis lost writes (here: the counter and the
 * newest messages taken back, as a failover can), the room gets a new epoch, its members
 * are told to rejoin, and a rejoin with the old epoch gets `recovered: false` and the
 * whole history instead of a slice of ids that now name other messages.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HistoryFrame, JoinedFrame } from '../../protocol/index.js'
import { startRedis, type TestRedis } from '../../testkit/redis.js'
import { startServer, type TestServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'

let redis: TestRedis
let server: TestServer
let inspect: Redis

beforeAll(async () => {
  redis = await startRedis()
  server = await startServer({ CHATTY_REDIS_URL: redis.url, CHATTY_MESSAGE_BURST: '50' })
  inspect = new Redis(redis.url)
})
afterAll(async () => {
  await server?.close()
  inspect?.disconnect()
  await redis?.stop()
})

/**
 * A rejoin under a name of its own: the name a closed socket held is given back by the
 * server a moment after the close, and the test must not race that.
 */
async function rejoin(roomId: string, name: string, extra: Record<string, unknown>) {
  const client = await TestClient.connect(server.wsUrl(roomId))
  client.send({ type: 'join', sender: name, avatar: '', ...extra })
  const joined = await client.next((f): f is JoinedFrame => f.type === 'joined')
  const history = await client.next((f): f is HistoryFrame => f.type === 'history')
  return { client, joined, history }
}

describe('room epoch', () => {
  it('keeps a resume exact within an epoch, and says so when history was reset', async () => {
    const roomId = await server.createRoom()
    const first = await TestClient.join(server.wsUrl(roomId), 'Alice')
    const epoch = first.joined.epoch
    expect(epoch).toMatch(/^[A-Za-z0-9_-]{12}$/)
    expect(first.joined.recovered).toBeUndefined()
    for (const text of ['one', 'two', 'three']) first.client.say(text)
    const three = await first.client.nextMessage('three')
    first.client.close()

    // Same epoch: exactly what came after last_id.
    const same = await rejoin(roomId, 'Bob', { last_id: three.id - 1, epoch })
    expect(same.joined).toMatchObject({ epoch, recovered: true })
    const ids = same.history.messages.map((m) => m.id)
    expect(ids[0]).toBe(three.id)
    expect(same.history.messages[0]).toEqual(three)

    // Lost writes: the counter and the newest messages go back, as after a failover.
    const room = `chatty:room:{${roomId}}`
    const keep = three.id - 2
    await inspect.set(`${room}:seq`, keep, 'KEEPTTL')
    await inspect.zremrangebyscore(`${room}:messages`, keep + 1, '+inf')
    // The process reconnects (and re-subscribes): it sees the counter behind what it delivered.
    await inspect.client('KILL', 'TYPE', 'pubsub')
    expect((await same.client.closed).code).toBe(1012)
    const epochNow = await inspect.hget(room, 'epoch')
    expect(epochNow).not.toBe(epoch)

    const stale = await rejoin(roomId, 'Carol', { last_id: three.id, epoch })
    expect(stale.joined).toMatchObject({ epoch: epochNow, recovered: false })
    // The whole room as it is now (a leave notice of the closed member may follow id 2).
    const now = stale.history.messages.map((m) => m.id)
    expect(now.slice(0, keep)).toEqual(Array.from({ length: keep }, (_, i) => i + 1))
    expect(stale.history.messages.map((m) => m.type === 'message' && m.content)).not.toContain(
      'three',
    )
    // New messages take the ids again, and reach the member.
    stale.client.say('four')
    expect((await stale.client.nextMessage('four')).id).toBeGreaterThan(keep)
    stale.client.close()
  })

  it('is optional for clients that send no epoch: the slice after last_id, as before', async () => {
    const roomId = await server.createRoom()
    const first = await TestClient.join(server.wsUrl(roomId), 'Alice')
    first.client.say('one')
    const one = await first.client.nextMessage('one')
    first.client.close()
    const { client, joined, history } = await rejoin(roomId, 'Bob', { last_id: one.id - 1 })
    expect(joined.recovered).toBeUndefined()
    expect(history.messages[0]).toEqual(one)
    client.close()
  })
})
