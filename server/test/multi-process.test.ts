/** Two server processes on one Redis, and on a Redis Cluster, serve one room together. */
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SystemFrame, UsersFrame } from '../../protocol/index.js'
import { startChatty, type ChattyProcess } from '../../testkit/chatty.js'
import { createRoom } from '../../testkit/rooms.js'
import { TestClient } from './support/ws-client.js'
import { REDIS_BACKENDS, type Backend } from './support/backends.js'

describe.each(REDIS_BACKENDS)('two processes on %s', (_name, startBackend) => {
  let redis: Backend
  let a: ChattyProcess
  let b: ChattyProcess
  const clients: TestClient[] = []

  beforeAll(async () => {
    redis = await startBackend()
  }, 60_000)
  afterAll(async () => {
    await redis?.stop()
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await Promise.all([a?.kill('SIGKILL'), b?.kill('SIGKILL')])
  })

  async function startPair(extra: Record<string, string> = {}) {
    const env = { ...redis.env, CHATTY_TEST_TIMINGS: 'heartbeat=1', ...extra }
    ;[a, b] = await Promise.all([
      startChatty({ from: 'source', env }),
      startChatty({ from: 'source', env }),
    ])
  }

  async function joinOn(server: ChattyProcess, roomId: string, name: string) {
    const { client } = await TestClient.join(server.wsUrl(roomId), name)
    clients.push(client)
    return client
  }

  it('shares messages in one order, notices, one user list and typing', async () => {
    await startPair({ CHATTY_MESSAGE_BURST: '100' })
    const roomId = await createRoom(a.baseUrl)
    expect((await fetch(`${b.baseUrl}/api/rooms/${roomId}`)).status).toBe(200)

    const alice = await joinOn(a, roomId, 'Alice')
    const bob = await joinOn(b, roomId, 'Bob')
    const users = await alice.next(
      (f): f is UsersFrame => f.type === 'users' && f.content.length === 2,
    )
    expect(users.content.map((m) => m.name)).toEqual(['Alice', 'Bob'])
    await alice.next((f) => f.type === 'system' && f.content === 'Bob joined the chat')

    // A name is unique across processes.
    const dup = await TestClient.connect(a.wsUrl(roomId))
    clients.push(dup)
    dup.send({ type: 'join', sender: 'BOB' })
    expect((await dup.nextError()).code).toBe('name_taken')

    for (let i = 0; i < 30; i++) (i % 3 ? alice : bob).say(`x${i}`)
    const collect = async (c: TestClient) => (await c.nextMessages(30)).map((m) => m.id)
    const [ia, ib] = await Promise.all([collect(alice), collect(bob)])
    expect(ia).toEqual(ib)
    expect(ia).toEqual([...ia].sort((x, y) => x - y))

    bob.send({ type: 'typing' })
    expect(await alice.next((f) => f.type === 'typing')).toMatchObject({ content: 'Bob' })

    bob.close()
    await alice.next((f) => f.type === 'users' && f.content.length === 1)
    await alice.next((f) => f.type === 'system' && f.content === 'Bob left the chat')
  })

  it('takes a member back quietly on the other process with its resume token', async () => {
    await startPair({ CHATTY_TEST_TIMINGS: 'heartbeat=1,grace=2' })
    const roomId = await createRoom(a.baseUrl)
    const first = await TestClient.join(a.wsUrl(roomId), 'Alice', { resume: true })
    clients.push(first.client)
    const bob = await joinOn(b, roomId, 'Bob')
    await bob.next((f) => f.type === 'system' && f.content === 'Bob joined the chat')
    const notices = () => bob.frames.filter((f) => f.type === 'system').length
    const before = notices()

    const droppedAt = Date.now()
    first.client.ws.terminate()
    // Back on process B, holding the token: the name at once, and no line for anyone.
    const back = await TestClient.join(b.wsUrl(roomId), 'Alice', {
      last_id: 1,
      resume_token: first.joined.resume_token!,
    })
    clients.push(back.client)
    expect(back.joined.name).toBe('Alice')
    // Past the grace of process A's departure, whose leave must not come.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, droppedAt + 2500 - Date.now())))
    bob.say('sync')
    await bob.nextMessage('sync')
    expect(notices()).toBe(before)
    const users = bob.frames.filter((f): f is UsersFrame => f.type === 'users').at(-1)
    expect(users?.content.map((m) => m.name)).toEqual(['Alice', 'Bob'])

    // Process B holds the name now: a wrong token on A reclaims nothing.
    const thief = await TestClient.connect(a.wsUrl(roomId))
    clients.push(thief)
    thief.send({ type: 'join', sender: 'Alice', resume_token: first.joined.resume_token })
    expect((await thief.nextError()).code).toBe('name_taken')
  })

  it('counts the room-creation limit across processes', async () => {
    await startPair({ CHATTY_ROOMS_PER_MINUTE: '3' })
    // Earlier tests created rooms from this address: start the count afresh (our own Redis).
    for (const port of redis.ports) {
      const admin = new Redis({ host: '127.0.0.1', port })
      // On a cluster each key is deleted on the node that holds it (a replica refuses).
      for (const key of await admin.keys('chatty:ratelimit:*')) await admin.del(key).catch(() => 0)
      admin.disconnect()
    }
    const post = (s: ChattyProcess) => fetch(`${s.baseUrl}/api/rooms/`, { method: 'POST' })
    const statuses = [await post(a), await post(b), await post(a), await post(b)].map(
      (r) => r.status,
    )
    expect(statuses).toEqual([201, 201, 201, 429])
  })

  it('removes the members of a process that died within a few heartbeats', async () => {
    await startPair()
    const roomId = await createRoom(a.baseUrl)
    const alice = await joinOn(a, roomId, 'Alice')
    await joinOn(b, roomId, 'Bob')
    await alice.next((f) => f.type === 'users' && f.content.length === 2)

    const killedAt = Date.now()
    await b.kill('SIGKILL')
    const users = await alice.next(
      (f): f is UsersFrame => f.type === 'users' && f.content.length === 1,
      10_000,
    )
    expect(users.content).toEqual([{ name: 'Alice', avatar: '' }])
    // Documented bound: about 3–4 heartbeats (1 s here), plus slack for a busy machine.
    expect(Date.now() - killedAt).toBeLessThan(8000)
    const notice = await alice.next(
      (f): f is SystemFrame => f.type === 'system' && f.event === 'leave',
    )
    expect(notice.content).toBe('Bob left the chat')
  })

  it('closes members on both processes with 4001 when the room expires', async () => {
    await startPair({ CHATTY_ROOM_TTL_SECONDS: '3', CHATTY_CLEANUP_INTERVAL_SECONDS: '1' })
    const roomId = await createRoom(a.baseUrl)
    const alice = await joinOn(a, roomId, 'Alice')
    const bob = await joinOn(b, roomId, 'Bob')
    const [ca, cb] = await Promise.all([alice.closed, bob.closed])
    expect(ca.code).toBe(4001)
    expect(cb.code).toBe(4001)
    expect((await fetch(`${b.baseUrl}/api/rooms/${roomId}`)).status).toBe(404)
  })
})
