/**
 * Redis forgets everything: every key the server writes has a TTL (room keys, the
 * process registry, reaping bookkeeping, rate-limit counters and their secret), no key
 * or value holds the client's address, and once the rooms and the rate-limit window
 * have run out after the last server stopped, DBSIZE is 0.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { spawnGhost, kill } from './store/redis-ghost.js'
import { startServer } from './support/app.js'
import { startRedis, type TestRedis } from '../../testkit/redis.js'
import { RedisKeys } from '../src/store/redis/keys.js'
import { upload } from './support/files.js'
import { TestClient } from './support/ws-client.js'
import { joinAs } from './support/host.js'
import { createHostedRoom } from '../../testkit/rooms.js'
import type { InvitationFrame } from '../../protocol/index.js'

const names = new RedisKeys('chatty:')
let redis: TestRedis
let inspect: Redis

beforeAll(async () => {
  redis = await startRedis()
  inspect = new Redis(redis.url)
})
afterAll(async () => {
  await inspect?.quit()
  await redis?.stop()
})

async function allKeys(): Promise<string[]> {
  const found: string[] = []
  let cursor = '0'
  do {
    const [next, keys] = await inspect.scan(cursor, 'COUNT', 1000)
    found.push(...keys)
    cursor = next
  } while (cursor !== '0')
  return found.sort()
}

/** The key's whole value as text, whatever its type. */
async function valueOf(key: string): Promise<string> {
  const type = await inspect.type(key)
  if (type === 'string') return (await inspect.get(key)) ?? ''
  if (type === 'hash') return JSON.stringify(await inspect.hgetall(key))
  if (type === 'set') return JSON.stringify(await inspect.smembers(key))
  if (type === 'zset') return JSON.stringify(await inspect.zrange(key, 0, -1))
  if (type === 'list') return JSON.stringify(await inspect.lrange(key, 0, -1))
  return type === 'none' ? '' : `<${type}>`
}

/** Every key has a TTL; none, by name or value, holds the client's address. Returns the keys. */
async function expectAllKeysExpire(after: string): Promise<string[]> {
  const keys = await allKeys()
  for (const key of keys) {
    const ttl = await inspect.pttl(key)
    // -2: it expired between SCAN and PTTL, which is fine; -1 (no TTL) never is.
    expect(ttl, `${key} after ${after}`).not.toBe(-1)
    expect(`${key} ${await valueOf(key)}`, `${key} after ${after}`).not.toContain('127.0.0.1')
  }
  return keys
}

it('every key has a TTL after every kind of write, and DBSIZE is 0 once they ran out', async () => {
  const server = await startServer(
    {
      CHATTY_REDIS_URL: redis.url,
      CHATTY_ROOM_TTL_SECONDS: '8',
      CHATTY_ROOMS_PER_MINUTE: '2',
      CHATTY_TEST_TIMINGS: 'heartbeat=1,rooms_window=3,typing_throttle=0',
    },
    { attemptLimits: { perAddress: 5, perRoom: 30, windowMs: 3000 } },
  )
  let ghost: Awaited<ReturnType<typeof spawnGhost>> | undefined
  try {
    await vi.waitFor(async () => expect(await inspect.exists(names.nodes())).toBe(1))
    expect(await expectAllKeysExpire('the first heartbeat')).toEqual([names.nodes()])

    const roomId = await server.createRoom()
    const keys = await expectAllKeysExpire('a room was created')
    expect(keys).toContain(names.room(roomId))
    // The rate-limit counter is keyed by a hash of the address, with the shared secret.
    const counters = keys.filter((k) => k.startsWith('chatty:ratelimit:'))
    expect(counters).toEqual([
      expect.stringMatching(/^chatty:ratelimit:POST\/api\/rooms\/-[\w-]{22}$/),
    ])
    expect(keys).toContain('chatty:ratelimit-secret')

    const { client: alice } = await TestClient.join(server.wsUrl(roomId), 'Alice')
    const { client: bob } = await TestClient.join(server.wsUrl(roomId), 'Bob')
    await expectAllKeysExpire('two joins')
    alice.say('hello @Bob', { mentions: ['Bob'] })
    const hello = await bob.nextMessage('hello @Bob')
    bob.say('hi', { reply_to: hello.id })
    await alice.nextMessage('hi')
    await expectAllKeysExpire('chat and a reply')
    bob.send({ type: 'typing' })
    await alice.next((f) => f.type === 'typing')
    await expectAllKeysExpire('typing')

    const blob = await upload(alice, server.baseUrl, roomId, Buffer.from('a file'))
    alice.send({ content: '', file: { blob, name: 'a.txt', size: 6 } })
    await bob.next((f) => f.type === 'message' && f.file?.blob === blob)
    expect(await expectAllKeysExpire('a file')).toContain(names.files(roomId))

    // A password room with an invitation spent, and a wrong password tried.
    const hosted = await createHostedRoom(server.baseUrl, { password: 'pw' })
    const { client: hana } = await joinAs(server.wsUrl(hosted.roomId), 'Hana', {
      creator_token: hosted.creatorToken,
    })
    hana.send({ type: 'invite', label: 'Dana' })
    const made = await hana.next((f): f is InvitationFrame => f.type === 'invitation')
    const { client: dana } = await joinAs(server.wsUrl(hosted.roomId), 'Dana', {
      password: 'pw',
      invitation: made.token,
    })
    const wrong = await fetch(`${server.baseUrl}/api/rooms/${hosted.roomId}/access`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'nope' }),
    })
    expect(wrong.status).toBe(403)
    const accessKeys = await expectAllKeysExpire('invitations and password tries')
    expect(accessKeys).toContain(names.invitations(hosted.roomId))
    expect(accessKeys).toContain('chatty:attempts-secret')
    expect(accessKeys.filter((k) => k.startsWith('chatty:attempts:'))).toHaveLength(2)
    hana.close()
    dana.close()

    expect((await fetch(`${server.baseUrl}/api/rooms/`, { method: 'POST' })).status).toBe(429)
    await expectAllKeysExpire('rate-limited creates')

    bob.close()
    await alice.next((f) => f.type === 'system' && f.event === 'leave')
    await expectAllKeysExpire('a leave')

    // A process that dies holding a member: reaped by the server, keys and all.
    ghost = await spawnGhost(redis.url, roomId, 'Ghost', 1)
    await alice.next((f) => f.type === 'users' && f.content.some((m) => m.name === 'Ghost'))
    const ghostKeys = await expectAllKeysExpire('a join from another process')
    expect(ghostKeys).toContain(names.nodeRooms(ghost.nodeId))
    kill(ghost.child)
    await alice.next(
      (f) => f.type === 'system' && f.event === 'leave' && f.name === 'Ghost',
      10_000,
    )
    const afterReap = await expectAllKeysExpire('reaping')
    // Only the note that tells the process it was reaped (should it come back) is left, and it
    // expires on its own (expectAllKeysExpire checked its TTL); nothing of its rooms is.
    expect(afterReap.filter((k) => k.includes(ghost!.nodeId))).toEqual([names.reaped(ghost.nodeId)])
    alice.close()
  } finally {
    if (ghost) kill(ghost.child)
    await server.close()
  }

  await expectAllKeysExpire('shutdown')
  // Rooms end 8 s after creation, counters and secret 3 s after theirs: then nothing is left.
  await vi.waitFor(async () => expect(await inspect.dbsize()).toBe(0), {
    timeout: 15_000,
    interval: 100,
  })
}, 40_000)
