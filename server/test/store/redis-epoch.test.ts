/**
 * Lost writes found after a reconnect (issue 19): the store measures a loss against the
 * newest frame this process handed out, live or in a history read, and by content as well
 * as by the counter. Both losing orders are forced here step by step, each step waiting for
 * the one before it; without the check either order leaves members holding ids that now
 * name other messages, and their new messages are dropped as duplicates.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedis, type TestRedis } from '../../../testkit/redis.js'
import { RedisStore } from '../../src/store/redis/redis-store.js'
import { CONTRACT_HISTORY_LIMIT, draft, eventually, newRoom, record } from './contract-helpers.js'

let redis: TestRedis
let inspect: Redis
const stores: RedisStore[] = []

beforeAll(async () => {
  redis = await startRedis()
  inspect = new Redis(redis.url)
})
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()))
  await inspect?.quit()
  await redis?.stop()
})

function makeStore(): RedisStore {
  const store = new RedisStore({
    url: redis.url,
    historyLimit: CONTRACT_HISTORY_LIMIT,
    heartbeatSeconds: 0.5,
  })
  stores.push(store)
  return store
}

/** Resolves with the room's id when the store reports that its history was reset. */
function nextReset(store: RedisStore, roomId: string): Promise<string> {
  return new Promise((resolve) => store.onHistoryReset((id) => id === roomId && resolve(id)))
}

/** Takes the room's counter and newest messages back to `keep`, as a failover can. */
async function loseWritesAfter(roomId: string, keep: number): Promise<void> {
  const room = `chatty:room:{${roomId}}`
  await inspect.set(`${room}:seq`, keep, 'KEEPTTL')
  await inspect.zremrangebyscore(`${room}:messages`, keep + 1, '+inf')
}

async function appendAll(store: RedisStore, roomId: string, texts: string[]): Promise<void> {
  for (const text of texts) await store.append(roomId, draft(text))
}

describe('RedisStore: writes lost behind a reconnect', () => {
  it('resets a room whose members got ids from a history read that the stream never delivered', async () => {
    const store = makeStore()
    const roomId = await newRoom(store)
    // Written while nobody here listened (another process, or before anyone joined here).
    await appendAll(store, roomId, ['one', 'two', 'three', 'four'])
    const rec = await record(store, roomId)
    // A member joining here reads them: it now holds ids 1–4.
    expect((await store.history(roomId, 0, CONTRACT_HISTORY_LIMIT)).map((f) => f.id)).toEqual([
      1, 2, 3, 4,
    ])
    const epoch = (await store.getRoom(roomId))?.epoch
    await loseWritesAfter(roomId, 2)
    // A new write takes id 3 again, and the stream delivers it: live, this process saw only 3.
    await store.append(roomId, draft('after the loss'))
    await eventually(() => expect(rec.frames().map((f) => 'id' in f && f.id)).toContain(3))

    const reset = nextReset(store, roomId)
    await inspect.client('KILL', 'TYPE', 'pubsub')
    expect(await reset).toBe(roomId)
    const now = await store.getRoom(roomId)
    expect(now?.epoch).toBeDefined()
    expect(now?.epoch).not.toBe(epoch)
    await rec.stop()
  })

  it('resets a room whose lost ids were taken again by writes this process missed', async () => {
    const store = makeStore()
    const roomId = await newRoom(store)
    const rec = await record(store, roomId)
    await appendAll(store, roomId, ['one', 'two', 'three', 'four'])
    await eventually(() => expect(rec.frames()).toHaveLength(4))
    await loseWritesAfter(roomId, 2)
    // Another process wrote ids 3 and 4 again while this one's subscription was down: the
    // counter is back where it was, but id 4 is another message.
    const room = `chatty:room:{${roomId}}`
    for (const id of [3, 4]) {
      const frame = { ...draft(`other ${id}`, 'bob'), id }
      await inspect.zadd(`${room}:messages`, id, JSON.stringify(frame))
    }
    await inspect.set(`${room}:seq`, 4, 'KEEPTTL')

    const reset = nextReset(store, roomId)
    await inspect.client('KILL', 'TYPE', 'pubsub')
    expect(await reset).toBe(roomId)
    // The stream goes on from the counter: the next write (id 5) reaches the listener.
    await store.append(roomId, draft('five'))
    await eventually(() => expect(rec.frames().map((f) => 'id' in f && f.id)).toContain(5))
    await rec.stop()
  })
})
