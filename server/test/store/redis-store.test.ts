import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Redis } from 'ioredis'
import { startRedis, type TestRedis } from '../../../testkit/redis.js'
import { RedisStore } from '../../src/store/redis/redis-store.js'
import { StoreUnavailable } from '../../src/store/store.js'
import { CONTRACT_HISTORY_LIMIT, draft, eventually, newRoom, record } from './contract-helpers.js'
import { registerStoreContractTests } from './contract.js'
import { registerGhostTests } from './redis-ghost.js'
import { membersOf } from '../../src/store/__tests__/members-of.js'

let redis: TestRedis
let inspect: Redis
const stores: RedisStore[] = []

function makeStore(heartbeatSeconds = 0.5): RedisStore {
  const store = new RedisStore({
    url: redis.url,
    historyLimit: CONTRACT_HISTORY_LIMIT,
    heartbeatSeconds,
  })
  stores.push(store)
  return store
}

beforeAll(async () => {
  redis = await startRedis()
  inspect = new Redis(redis.url)
})
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()))
  await inspect?.quit()
  await redis?.stop()
})

registerStoreContractTests('RedisStore', async () => {
  const store = makeStore()
  return { store, cleanup: () => store.close() }
})

/** Every key of the room, found the way an operator would: SCAN. */
async function roomKeys(roomId: string): Promise<string[]> {
  const found: string[] = []
  let cursor = '0'
  do {
    const [next, keys] = await inspect.scan(
      cursor,
      'MATCH',
      `chatty:room:{${roomId}}*`,
      'COUNT',
      1000,
    )
    found.push(...keys)
    cursor = next
  } while (cursor !== '0')
  return found.sort()
}

/** Asserts the room's keys are exactly `suffixes`, each expiring no later than the room. */
async function expectKeysExpireWithRoom(roomId: string, expiresAt: number, suffixes: string[]) {
  const before = Date.now()
  const keys = await roomKeys(roomId)
  expect(keys).toEqual(suffixes.map((s) => `chatty:room:{${roomId}}${s}`).sort())
  for (const key of keys) {
    const ttl = await inspect.pttl(key)
    expect(ttl, key).toBeGreaterThan(0)
    expect(ttl, key).toBeLessThanOrEqual(expiresAt - before)
  }
}

describe('RedisStore keys', () => {
  it('gives every key of a room a TTL no longer than the room, after every kind of write', async () => {
    const store = makeStore()
    const id = `ttl-${Date.now()}`
    const expiresAt = Date.now() + 60_000
    await store.createRoom({ id, createdAt: Date.now(), expiresAt, encrypted: false })
    await expectKeysExpireWithRoom(id, expiresAt, [''])

    await store.append(id, draft('one'))
    await expectKeysExpireWithRoom(id, expiresAt, ['', ':seq', ':messages'])

    await store.addMember(id, { name: 'Alice', key: 'alice', avatar: '', connId: 'a' }, 10)
    await store.addMember(id, { name: 'Bob', key: 'bob', avatar: '', connId: 'b' }, 10)
    await expectKeysExpireWithRoom(id, expiresAt, ['', ':seq', ':messages', ':members'])

    await store.removeMember(id, 'alice', 'a')
    await expectKeysExpireWithRoom(id, expiresAt, ['', ':seq', ':messages', ':members'])

    for (let i = 0; i < CONTRACT_HISTORY_LIMIT + 3; i++) await store.append(id, draft(`m${i}`))
    expect(await inspect.zcard(`chatty:room:{${id}}:messages`)).toBe(CONTRACT_HISTORY_LIMIT)
    await expectKeysExpireWithRoom(id, expiresAt, ['', ':seq', ':messages', ':members'])

    await store.publish(id, { type: 'typing', sender: '__typing__', content: 'Bob' })
    await store.removeMember(id, 'bob', 'b')
    await expectKeysExpireWithRoom(id, expiresAt, ['', ':seq', ':messages'])
  })

  it('leaves no key of a room behind once it expired', async () => {
    const store = makeStore()
    const id = await newRoom(store, 1500)
    await store.append(id, draft('one'))
    await store.addMember(id, { name: 'Alice', key: 'alice', avatar: '', connId: 'a' }, 10)
    expect(await roomKeys(id)).toHaveLength(4)
    await new Promise((resolve) => setTimeout(resolve, 1700))
    expect(await roomKeys(id)).toEqual([])
  })
})

describe('two RedisStores on one Redis', () => {
  it("see each other's messages, members and typing in one order", async () => {
    const a = makeStore()
    const b = makeStore()
    const room = await newRoom(a)
    const onA = await record(a, room)
    const onB = await record(b, room)

    const writes: Promise<unknown>[] = []
    for (let i = 0; i < 50; i++) {
      writes.push(a.append(room, draft(`a${i}`, 'Alice')), b.append(room, draft(`b${i}`, 'Bob')))
      if (i === 10)
        writes.push(a.addMember(room, { name: 'Alice', key: 'alice', avatar: '', connId: 'a' }, 10))
      if (i === 20)
        writes.push(b.addMember(room, { name: 'Bob', key: 'bob', avatar: '', connId: 'b' }, 10))
      if (i % 10 === 0) {
        writes.push(a.publish(room, { type: 'typing', sender: '__typing__', content: 'Alice' }))
        writes.push(b.publish(room, { type: 'typing', sender: '__typing__', content: 'Bob' }))
      }
    }
    await Promise.all(writes)
    const total = 100 + 2 + 10
    await eventually(() => expect(onA.events).toHaveLength(total))
    await eventually(() => expect(onB.events).toHaveLength(total))

    expect(onB.events.map((e) => e.json)).toEqual(onA.events.map((e) => e.json))
    const ids = onA.frames().flatMap((f) => (f.type === 'message' ? [f.id] : []))
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    const senders = new Set(onA.frames().flatMap((f) => (f.type === 'message' ? [f.sender] : [])))
    expect(senders).toEqual(new Set(['Alice', 'Bob']))
    // Which join reached Redis first is a race between two connections; all that matters
    // is that everyone agrees, stored list included.
    const lastUsers = onA
      .frames()
      .filter((f) => f.type === 'users')
      .at(-1)
    expect(lastUsers?.content).toHaveLength(2)
    expect(await membersOf(a, room)).toEqual(lastUsers?.content)
    expect(await membersOf(b, room)).toEqual(lastUsers?.content)
    await onA.stop()
    await onB.stop()
  })

  it("removes a closing store's members and tells the others", async () => {
    const staying = makeStore()
    const leaving = makeStore()
    const room = await newRoom(staying)
    await staying.addMember(room, { name: 'Alice', key: 'alice', avatar: '', connId: 'a' }, 10)
    await leaving.addMember(room, { name: 'Bob', key: 'bob', avatar: '', connId: 'b' }, 10)
    const sub = await record(staying, room)
    await leaving.close()
    expect(await membersOf(staying, room)).toEqual([{ name: 'Alice', avatar: '' }])
    await eventually(() =>
      expect(sub.frames()).toEqual([
        { type: 'users', sender: '__user_list__', content: [{ name: 'Alice', avatar: '' }] },
      ]),
    )
    expect(await inspect.hexists('chatty:{registry}:nodes', leaving.nodeId)).toBe(0)
    expect(await inspect.exists(`chatty:{registry}:node:${leaving.nodeId}:rooms`)).toBe(0)
    await sub.stop()
  })
})

describe('RedisStore after losing its subscription', () => {
  it('delivers what was published meanwhile, once and in order, without a later message', async () => {
    const writer = makeStore()
    const reader = makeStore()
    const room = await newRoom(writer)
    const seen = await record(reader, room)
    await writer.append(room, draft('before'))
    await eventually(() => expect(seen.frames()).toHaveLength(1))
    const resubscribed = new Promise((resolve) => reader['events'].client.once('ready', resolve))
    // Only the reader holds a subscription; ioredis reconnects it after about 50 ms, and
    // the writer publishes in between, to nobody.
    await inspect.client('KILL', 'TYPE', 'pubsub')
    for (let i = 0; i < 4; i++) await writer.append(room, draft(`meanwhile ${i}`))
    await resubscribed
    const ids = () => seen.frames().flatMap((f) => (f.type === 'message' ? [f.id] : []))
    await eventually(() => expect(ids()).toEqual([1, 2, 3, 4, 5]))
    await writer.append(room, draft('after'))
    await eventually(() => expect(ids()).toEqual([1, 2, 3, 4, 5, 6]))
    await seen.stop()
  })
})

describe('RedisStore appends past their deadline', () => {
  it('never stores a message its sender was told was not sent', async () => {
    const store = makeStore()
    const room = await newRoom(store)
    // Redis holds the script past the caller's timeout, then runs it.
    await inspect.client('PAUSE', 1500, 'WRITE')
    await expect(store.append(room, draft('late'))).rejects.toBeInstanceOf(StoreUnavailable)
    // Sent on the same connection, so it runs after the late one; the attempts made while
    // Redis still pauses time out (and are refused) too.
    const onTime = await vi.waitFor(() => store.append(room, draft('on time')), { timeout: 5000 })
    expect(onTime).toMatchObject({ id: 1 })
    expect((await store.history(room, 0, 10)).map((m) => m.content)).toEqual(['on time'])
  })
})

describe('RedisStore without Redis', () => {
  it('closes promptly when its Redis is gone', async () => {
    const own = await startRedis()
    const errors: unknown[] = []
    const store = new RedisStore({
      url: own.url,
      historyLimit: 10,
      heartbeatSeconds: 0.5,
      onError: (error) => errors.push(error),
    })
    const id = await newRoom(store)
    await store.addMember(id, { name: 'Alice', key: 'alice', avatar: '', connId: 'a' }, 10)
    await own.stop()
    const started = Date.now()
    await store.close()
    expect(Date.now() - started).toBeLessThan(3000)
    expect(errors.length).toBeGreaterThan(0)
  })
})

registerGhostTests(() => ({ url: redis.url, inspect, makeStore }))
