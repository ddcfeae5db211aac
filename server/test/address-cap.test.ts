/**
 * At most CHATTY_MAX_SOCKETS_PER_ADDRESS open sockets per client address, across processes;
 * a client is an IPv4 address or an IPv6 /64 (CHATTY_IPV6_PREFIX_BITS), for sockets and rooms.
 */
import { Redis } from 'ioredis'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { startRedis, type TestRedis } from '../../testkit/redis.js'
import { TestClient } from './support/ws-client.js'

const TOO_MANY = 4029

async function openOrRefused(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ client: TestClient; refused: boolean }> {
  const client = await TestClient.connect(url, headers)
  // A refused socket is closed at once; an accepted one refuses a chat frame before a join
  // (answered in order after the slot is taken, unlike a ping, which is answered at once).
  client.send({ type: 'typing' })
  const first = await Promise.race([
    client.closed.then((c) => c.code),
    client.next((f) => f.type === 'error' && f.code === 'not_joined').then(() => 0),
  ])
  if (first !== 0) expect(first).toBe(TOO_MANY)
  return { client, refused: first === TOO_MANY }
}

describeOnEachStore('sockets per address', (storeEnv) => {
  let server: TestServer
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate()
    await server.close()
  })

  let room = ''
  async function open(headers: Record<string, string> = {}, roomId = room): Promise<boolean> {
    const { client, refused } = await openOrRefused(server.wsUrl(roomId), headers)
    clients.push(client)
    return refused
  }

  it('refuses the socket past the cap with 4029, joined or not, and frees a slot on close', async () => {
    server = await startServer({ ...storeEnv(), CHATTY_MAX_SOCKETS_PER_ADDRESS: '3' })
    const roomId = await server.createRoom()
    const { client: member } = await TestClient.join(server.wsUrl(roomId), 'Alice')
    clients.push(member)
    expect(await open({}, roomId)).toBe(false)
    expect(await open({}, roomId)).toBe(false)
    expect(await open({}, roomId)).toBe(true)
    expect(await open({}, 'unknown-room')).toBe(true)
    member.close()
    await member.closed
    // The slot comes back once the server has seen the close.
    let refused = true
    for (let i = 0; i < 40 && refused; i++) {
      await new Promise((r) => setTimeout(r, 50))
      refused = await open({}, roomId)
    }
    expect(refused).toBe(false)
  })

  it('counts the address CHATTY_TRUST_PROXY says is the client', async () => {
    server = await startServer({
      ...storeEnv(),
      CHATTY_MAX_SOCKETS_PER_ADDRESS: '2',
      CHATTY_TRUST_PROXY: '127.0.0.1',
    })
    room = await server.createRoom()
    const a = { 'x-forwarded-for': '203.0.113.7' }
    const b = { 'x-forwarded-for': '198.51.100.9' }
    expect([await open(a), await open(a), await open(a)]).toEqual([false, false, true])
    expect([await open(b), await open(b)]).toEqual([false, false])
  })

  it('counts one IPv6 /64 as one client, for sockets and for rooms; another /64 apart', async () => {
    server = await startServer({
      ...storeEnv(),
      CHATTY_MAX_SOCKETS_PER_ADDRESS: '2',
      CHATTY_ROOMS_PER_MINUTE: '2',
      CHATTY_TRUST_PROXY: '127.0.0.1',
    })
    const from = (ip: string) => ({ 'x-forwarded-for': ip })
    // Made from an address of its own: on Redis, earlier tests' rooms from 127.0.0.1 still count.
    const made = await fetch(`${server.baseUrl}/api/rooms/`, {
      method: 'POST',
      headers: from('192.0.2.77'),
    })
    room = ((await made.json()) as { room_id: string }).room_id
    const neighbours = ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff:1:2:3']
    const opened: boolean[] = []
    for (const ip of neighbours) opened.push(await open(from(ip)))
    expect(opened).toEqual([false, false, true])
    expect(await open(from('2001:db8:1:3::1'))).toBe(false)

    const created: number[] = []
    for (const ip of ['2001:db8:9:9::a', '2001:db8:9:9::b', '2001:db8:9:9:1::c']) {
      const res = await fetch(`${server.baseUrl}/api/rooms/`, { method: 'POST', headers: from(ip) })
      created.push(res.status)
    }
    expect(created).toEqual([201, 201, 429])
    const elsewhere = await fetch(`${server.baseUrl}/api/rooms/`, {
      method: 'POST',
      headers: from('2001:db8:9:a::1'),
    })
    expect(elsewhere.status).toBe(201)
  })

  it('ignores X-Forwarded-For from a peer it does not trust', async () => {
    server = await startServer({ ...storeEnv(), CHATTY_MAX_SOCKETS_PER_ADDRESS: '2' })
    room = await server.createRoom()
    const results: boolean[] = []
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      results.push(await open({ 'x-forwarded-for': ip }))
    }
    expect(results).toEqual([false, false, true])
  })
})

describe('sockets per address across processes (redis store)', () => {
  let redis: TestRedis
  let inspect: Redis
  const servers: TestServer[] = []
  const clients: TestClient[] = []
  beforeAll(async () => {
    redis = await startRedis()
    inspect = new Redis(redis.url)
  })
  afterAll(async () => {
    for (const c of clients) c.ws.terminate()
    for (const s of servers) await s.close()
    inspect.disconnect()
    await redis.stop()
  })

  it('shares one cap between processes, under keys with a TTL that hold no address', async () => {
    for (let i = 0; i < 2; i++) {
      servers.push(
        await startServer({ CHATTY_REDIS_URL: redis.url, CHATTY_MAX_SOCKETS_PER_ADDRESS: '3' }),
      )
    }
    const [a, b] = servers as [TestServer, TestServer]
    const roomId = await a.createRoom()
    const results: boolean[] = []
    for (const s of [a, a, b, b, a]) {
      const { client, refused } = await openOrRefused(s.wsUrl(roomId))
      clients.push(client)
      results.push(refused)
    }
    expect(results).toEqual([false, false, false, true, true])

    const keys = await inspect.keys('*sockets*')
    expect(keys.length).toBeGreaterThan(0)
    for (const key of keys) {
      expect(key).not.toContain('127.0.0.1')
      expect(await inspect.pttl(key), key).toBeGreaterThan(0)
      const type = await inspect.type(key)
      const content =
        type === 'hash' ? JSON.stringify(await inspect.hgetall(key)) : await inspect.get(key)
      expect(content).not.toContain('127.0.0.1')
    }
  })
})
