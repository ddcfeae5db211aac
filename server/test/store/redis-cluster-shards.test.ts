/**
 * On a Redis Cluster, a room's traffic stays on the shard that owns the room's slot:
 * its events are sharded pub/sub (nothing is broadcast over the cluster bus), only the
 * owning master runs them, and a process subscribes only on the shards of its rooms.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startRedisCluster, type TestCluster } from '../../../testkit/redis-cluster.js'
import { RedisKeys } from '../../src/store/redis/keys.js'
import { RedisStore } from '../../src/store/redis/redis-store.js'
import { draft, eventually, newRoom, record } from './contract-helpers.js'

let cluster: TestCluster
/** One admin connection per master, by port. */
const admins = new Map<number, Redis>()
const stores: RedisStore[] = []
const keys = new RedisKeys('chatty:')

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3 })
  for (const master of await cluster.masters()) {
    admins.set(master.port, new Redis({ host: '127.0.0.1', port: master.port }))
  }
}, 60_000)
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()))
  for (const admin of admins.values()) admin.disconnect()
  await cluster?.stop()
})

function makeStore(): RedisStore {
  const store = new RedisStore({
    clusterNodes: cluster.nodes.map((n) => ({ host: '127.0.0.1', port: n.port })),
    historyLimit: 50,
    heartbeatSeconds: 5,
  })
  stores.push(store)
  return store
}

/** The port of the master owning `key`'s slot, from CLUSTER SLOTS. */
async function ownerOf(key: string): Promise<number> {
  const any = admins.values().next().value!
  const slot = Number(await any.call('CLUSTER', 'KEYSLOT', key))
  const ranges = (await any.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][]
  const range = ranges.find(([from, to]) => slot >= from && slot <= to)!
  return range[2][1]
}

async function stat(admin: Redis, section: string, pattern: RegExp): Promise<number> {
  const text = String(
    section === 'cluster' ? await admin.call('CLUSTER', 'INFO') : await admin.info(section),
  )
  return Number(pattern.exec(text)?.[1] ?? 0)
}

/** Shard subscriptions held on a master, summed over its clients (CLIENT LIST `ssub=`). */
async function shardSubscriptions(admin: Redis): Promise<number> {
  const list = String(await admin.call('CLIENT', 'LIST'))
  return [...list.matchAll(/ ssub=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0)
}

it('keeps each room on its master: subscriptions, scripts and messages', async () => {
  const everywhere = makeStore()
  const oneShard = makeStore()
  // Rooms until every master owns at least four.
  const byMaster = new Map<number, string[]>([...admins.keys()].map((port) => [port, []]))
  while ([...byMaster.values()].some((rooms) => rooms.length < 4)) {
    const room = await newRoom(everywhere)
    byMaster.get(await ownerOf(keys.room(room)))!.push(room)
  }
  const [first, second, idle] = [...byMaster.keys()] as [number, number, number]
  const subs: Awaited<ReturnType<typeof record>>[] = []
  for (const rooms of byMaster.values())
    for (const room of rooms) subs.push(await record(everywhere, room))
  // The second process serves only rooms of the first master.
  for (const room of byMaster.get(first)!) subs.push(await record(oneShard, room))
  const roomCount = (port: number) => byMaster.get(port)!.length

  // SSUBSCRIBE has been confirmed by each master once `record` resolved.
  expect(await shardSubscriptions(admins.get(first)!)).toBe(2 * roomCount(first))
  for (const port of [second, idle]) {
    expect(await shardSubscriptions(admins.get(port)!)).toBe(roomCount(port))
  }
  for (const [port, rooms] of byMaster) {
    const channels = (await admins.get(port)!.call('PUBSUB', 'SHARDCHANNELS')) as string[]
    expect(channels.sort()).toEqual(rooms.map((r) => keys.channel(r)).sort())
  }

  for (const admin of admins.values()) await admin.call('CONFIG', 'RESETSTAT')
  const perRoom = 40
  const sent: Promise<unknown>[] = []
  for (const port of [first, second]) {
    for (const room of byMaster.get(port)!) {
      for (let i = 0; i < perRoom; i++)
        sent.push(everywhere.append(room, draft(`m${i} ${'x'.repeat(500)}`)))
    }
  }
  await Promise.all(sent)
  const expected = (roomCount(first) * 2 + roomCount(second)) * perRoom
  await eventually(() => {
    expect(subs.reduce((n, s) => n + s.events.length, 0)).toBe(expected)
  })

  for (const [port, admin] of admins) {
    const spublish = await stat(admin, 'commandstats', /^cmdstat_spublish:calls=(\d+)/m)
    const publish = await stat(admin, 'commandstats', /^cmdstat_publish:calls=(\d+)/m)
    // No cluster-wide PUBLISH at all: nothing is copied to the other shards.
    expect(publish).toBe(0)
    expect(await stat(admin, 'cluster', /cluster_stats_messages_publish_sent:(\d+)/)).toBe(0)
    if (port === idle) {
      expect(spublish).toBe(0)
      // Its output is the replies to our INFO calls, not 500-byte messages times 40 times 4.
      expect(await stat(admin, 'stats', /total_net_output_bytes:(\d+)/)).toBeLessThan(20_000)
    } else {
      // Batched: at least one script (one SPUBLISH) per room, at most one per message.
      expect(spublish).toBeGreaterThanOrEqual(roomCount(port))
      expect(spublish).toBeLessThanOrEqual(roomCount(port) * perRoom)
      expect(await stat(admin, 'stats', /total_net_output_bytes:(\d+)/)).toBeGreaterThan(
        roomCount(port) * perRoom * 500,
      )
    }
  }
  await Promise.all(subs.map((s) => s.stop()))
}, 60_000)
