/** Appends of one turn reach Redis as one script call and one pub/sub message. */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startRedis, type TestRedis } from '../../../testkit/redis.js'
import { MAX_BATCH } from '../../src/store/redis/appends.js'
import { RedisStore } from '../../src/store/redis/redis-store.js'
import { draft, eventually, newRoom, record } from './contract-helpers.js'

let redis: TestRedis
let store: RedisStore
let inspect: Redis

beforeAll(async () => {
  redis = await startRedis()
  store = new RedisStore({ url: redis.url, historyLimit: 1000, heartbeatSeconds: 5 })
  inspect = new Redis(redis.url)
})
afterAll(async () => {
  await store?.close()
  inspect?.disconnect()
  await redis?.stop()
})

/** Script calls Redis ran so far, from INFO commandstats. */
async function scriptCalls(): Promise<number> {
  const info = await inspect.info('commandstats')
  return [...info.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  )
}

it('sends one script call and one pub/sub message per room and turn', async () => {
  const roomA = await newRoom(store)
  const roomB = await newRoom(store)
  const listener = new Redis(redis.url)
  const published: string[] = []
  listener.on('message', (_channel: string, message: string) => published.push(message))
  await listener.subscribe(`chatty:room:{${roomA}}`, `chatty:room:{${roomB}}`)
  const a = await record(store, roomA)
  try {
    const before = await scriptCalls()
    const results = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => store.append(roomA, draft(`a${i}`))),
      ...Array.from({ length: 5 }, (_, i) => store.append(roomB, draft(`b${i}`))),
    ])
    // Minus the INFO call's own turn: exactly one script per room.
    expect((await scriptCalls()) - before).toBe(2)
    expect(results.map((m) => m?.id)).toEqual([
      ...Array.from({ length: 30 }, (_, i) => i + 1),
      ...Array.from({ length: 5 }, (_, i) => i + 1),
    ])
    await eventually(() => expect(published).toHaveLength(2))
    expect(published[0]!.split('\n').map((json) => JSON.parse(json))).toEqual(results.slice(0, 30))
    await eventually(() => expect(a.events).toHaveLength(30))
    expect(a.frames()).toEqual(results.slice(0, 30))
    expect(a.events.map((e) => e.json)).toEqual(published[0]!.split('\n'))

    // A burst past MAX_BATCH goes as several calls, still in order.
    const many = await Promise.all(
      Array.from({ length: MAX_BATCH + 10 }, (_, i) => store.append(roomA, draft(`c${i}`))),
    )
    expect(many.map((m) => m?.id)).toEqual(Array.from({ length: MAX_BATCH + 10 }, (_, i) => i + 31))
    await eventually(() => expect(a.events).toHaveLength(30 + MAX_BATCH + 10))
    expect(a.frames().slice(30)).toEqual(many)
  } finally {
    await a.stop()
    listener.disconnect()
  }
})

it('keeps an append before a member change of the same turn ahead of it', async () => {
  const room = await newRoom(store)
  const sub = await record(store, room)
  const appended = store.append(room, draft('first'))
  const joined = store.addMember(room, { name: 'Alice', key: 'alice', avatar: '', connId: 'a' }, 10)
  const typing = store.publish(room, { type: 'typing', sender: '__typing__', content: 'Alice' })
  await Promise.all([appended, joined, typing])
  await eventually(() => expect(sub.events).toHaveLength(3))
  expect(sub.frames().map((f) => f.type)).toEqual(['message', 'users', 'typing'])
  await sub.stop()
})
