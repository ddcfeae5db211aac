/**
 * `RedisSocketCap` while Redis is unreachable: sockets are let in, but still counted and
 * capped in this process, whether or not a shared secret was ever fetched or is still fresh.
 * The outage is this client losing its connection; the secret's lapse is the clock (only
 * `Date` is faked) moved past its lease, so nothing here waits on time.
 */
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startRedis, type TestRedis } from '../../testkit/redis.js'
import { RedisSocketCap, type SocketPermit } from '../src/limits/socket-cap.js'
import { FAIL_FAST } from '../src/store/redis/connection.js'

const LEASE_MS = 60_000
const MAX = 2
const ADDRESS = '203.0.113.7'

let redis: TestRedis
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})

describe('RedisSocketCap during a Redis outage', () => {
  const clients: Redis[] = []
  const caps: RedisSocketCap[] = []
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
  })
  afterEach(async () => {
    vi.useRealTimers()
    await Promise.all(caps.splice(0).map((s) => s.close()))
    for (const c of clients.splice(0)) c.disconnect()
  })

  /** A cap over its own connection, as the app makes them (commands fail fast when down). */
  async function connected(): Promise<{ cap: RedisSocketCap; client: Redis }> {
    const client = new Redis(redis.url, { ...FAIL_FAST, lazyConnect: true })
    client.on('error', () => {})
    clients.push(client)
    await client.connect()
    const cap = new RedisSocketCap({
      redis: client,
      max: MAX,
      nodeId: 'node-a',
      leaseMs: LEASE_MS,
      onError: () => {},
    })
    caps.push(cap)
    return { cap, client }
  }

  /** Redis goes away for this client: every command fails from now on. */
  async function outage(client: Redis): Promise<void> {
    client.disconnect()
    await vi.waitFor(() => expect(client.status).toBe('end'))
  }

  /** The keys this process counts under: hashed, never the address in clear. */
  function countedKeys(cap: RedisSocketCap): string[] {
    const counts = cap as unknown as Record<string, { counts?: Map<string, number> }>
    return Object.values(counts).flatMap((v) => (v?.counts ? [...v.counts.keys()] : []))
  }

  it('still caps an address in this process once the cached secret lapsed', async () => {
    const { cap, client } = await connected()
    // Counted while Redis is up: the shared secret is fetched and cached for a lease.
    const first = await cap.acquire(ADDRESS)
    expect(first).not.toBeNull()
    await outage(client)
    // The secret lapses while Redis cannot hand it out again.
    vi.setSystemTime(Date.now() + LEASE_MS + 1)

    const second = await cap.acquire(ADDRESS)
    expect(second).not.toBeNull()
    // The cap counts the socket from before the lapse and the one after it alike.
    expect(await cap.acquire(ADDRESS)).toBeNull()
    // Another address has its own count.
    expect(await cap.acquire('198.51.100.9')).not.toBeNull()
    // A permit given back during the outage can be taken again, and only once.
    second!.release()
    expect(await cap.acquire(ADDRESS)).not.toBeNull()
    expect(await cap.acquire(ADDRESS)).toBeNull()
    for (const key of countedKeys(cap)) expect(key).not.toContain(ADDRESS)
  })

  it('caps an address in this process when no secret was ever fetched', async () => {
    const { cap, client } = await connected()
    await outage(client)

    const taken: (SocketPermit | null)[] = []
    for (let i = 0; i < MAX + 1; i++) taken.push(await cap.acquire(ADDRESS))
    expect(taken.map((s) => s !== null)).toEqual([true, true, false])
    taken[0]!.release()
    expect(await cap.acquire(ADDRESS)).not.toBeNull()
    expect(countedKeys(cap).length).toBeGreaterThan(0)
    for (const key of countedKeys(cap)) expect(key).not.toContain(ADDRESS)
  })
})
