/**
 * No live member reaped: two stores cut off from Redis for longer than the dead window
 * keep each other's members once it is back, and a store that finds itself presumed
 * dead puts its live members back at once.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Member } from '../../../protocol/index.js'
import { startChaosRedis, type ChaosRedis } from '../../../testkit/redis.js'
import { DEAD_AFTER_BEATS } from '../../src/store/redis/nodes.js'
import { RedisStore } from '../../src/store/redis/redis-store.js'
import { eventually, newRoom } from './contract-helpers.js'
import { membersOf } from '../../src/store/__tests__/members-of.js'

const HEARTBEAT_SECONDS = 0.25
const heartbeatMs = HEARTBEAT_SECONDS * 1000
let redis: ChaosRedis
const stores: RedisStore[] = []

function makeStore(): RedisStore {
  const store = new RedisStore({
    url: redis.url,
    historyLimit: 10,
    heartbeatSeconds: HEARTBEAT_SECONDS,
    onError: () => {},
  })
  stores.push(store)
  return store
}

beforeAll(async () => {
  redis = await startChaosRedis()
})
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()))
  await redis?.stop()
})

const names = (members: Member[]) => members.map((m) => m.name).sort()

describe('RedisStore across a Redis outage', () => {
  it('reaps no one after an outage longer than the dead window', async () => {
    const a = makeStore()
    const b = makeStore()
    const reaped: Member[] = []
    for (const s of [a, b]) s.onReap((_room, members) => reaped.push(...members))
    const room = await newRoom(a)
    await a.addMember(room, { name: 'Alice', key: 'alice', avatar: '', connId: 'a' }, 10)
    await b.addMember(room, { name: 'Bob', key: 'bob', avatar: '', connId: 'b' }, 10)

    await redis.kill()
    await new Promise((resolve) => setTimeout(resolve, (DEAD_AFTER_BEATS + 3) * heartbeatMs))
    await redis.start()
    await eventually(() => expect(a.available && b.available).toBe(true), 10_000)
    // Past the window in which a reaper that came back first could have taken the other.
    await new Promise((resolve) => setTimeout(resolve, (2 * DEAD_AFTER_BEATS + 2) * heartbeatMs))
    expect(reaped).toEqual([])
    expect(names(await membersOf(a, room))).toEqual(['Alice', 'Bob'])
  }, 30_000)

  it('puts its members back at once when it finds itself presumed dead', async () => {
    const a = makeStore()
    const room = await newRoom(a)
    await a.addMember(room, { name: 'Alice', key: 'alice', avatar: '', connId: 'a' }, 10)
    await a.addMember(room, { name: 'Ann', key: 'ann', avatar: '', connId: 'a2' }, 10)
    await a.removeMember(room, 'ann', 'a2')
    // What a reaper does to a node it took for dead: its members and its beat gone.
    const inspect = new Redis(redis.url)
    await inspect.hdel(`chatty:room:{${room}}:members`, 'alice')
    await inspect.hdel('chatty:{registry}:nodes', a.nodeId)
    expect(await membersOf(a, room)).toEqual([])
    await eventually(() => expect(membersOf(a, room)).resolves.toHaveLength(1), 8 * heartbeatMs)
    // Only the live member, not the one that left.
    expect(names(await membersOf(a, room))).toEqual(['Alice'])
    inspect.disconnect()
  })
})
