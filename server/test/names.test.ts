/** Names nobody can fake, over real sockets: look-alikes of present members and of the server. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { startRedis, type TestRedis } from '../../testkit/redis.js'
import { TestClient } from './support/ws-client.js'

const CYRILLIC_ALICE = '\u0410li\u0441e'
const FULLWIDTH_ALICE = '\uff21\uff4c\uff49\uff43\uff45'

describeOnEachStore('names', (storeEnv) => {
  let server: TestServer
  const clients: TestClient[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate()
    await server.close()
  })

  async function connect(roomId: string): Promise<TestClient> {
    const c = await TestClient.connect(server.wsUrl(roomId))
    clients.push(c)
    return c
  }

  it('refuses a Cyrillic or fullwidth "Alice" beside "Alice", with the reason, until she leaves', async () => {
    server = await startServer(storeEnv())
    const roomId = await server.createRoom()
    const alice = await connect(roomId)
    await alice.join('Alice')
    const fake = await connect(roomId)
    for (const name of [CYRILLIC_ALICE, FULLWIDTH_ALICE, 'ALICE']) {
      fake.send({ type: 'join', sender: name, avatar: '' })
      const err = await fake.nextError()
      expect(err.code, name).toBe('name_taken')
      expect(err.message).toMatch(/looks like it/)
    }
    alice.close()
    await alice.closed
    // The name is free again once its holder left (the leave is processed asynchronously).
    for (let i = 0; ; i++) {
      fake.send({ type: 'join', sender: CYRILLIC_ALICE, avatar: '' })
      const reply = await fake.next((f) => f.type === 'joined' || f.type === 'error')
      if (reply.type === 'joined') break
      expect(i).toBeLessThan(50)
      await new Promise((r) => setTimeout(r, 50))
    }
  })

  it('refuses "Bob" in bidi isolates, blank names and a fullwidth ＿＿system＿＿, saying why', async () => {
    server = await startServer(storeEnv())
    const roomId = await server.createRoom()
    const c = await connect(roomId)
    const cases: [string, RegExp][] = [
      ['\u2066Bob\u2069', /invisible or direction-changing/],
      ['\u202eboB', /invisible or direction-changing/],
      ['Bo\u00adb', /invisible/],
      ['\u3164\u3164', /invisible/],
      ['\u2800', /invisible/],
      ['＿＿system＿＿', /reserved/],
    ]
    for (const [name, reason] of cases) {
      c.send({ type: 'join', sender: name, avatar: '' })
      const err = await c.nextError()
      expect(err.code, JSON.stringify(name)).toBe('invalid_name')
      expect(err.message).toMatch(reason)
    }
    const { joined } = await c.join('Bob')
    expect(joined.name).toBe('Bob')
  })
})

describe('names across processes (redis store)', () => {
  let redis: TestRedis
  const servers: TestServer[] = []
  const clients: TestClient[] = []
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => {
    for (const c of clients) c.ws.terminate()
    for (const s of servers) await s.close()
    await redis.stop()
  })

  it('lets exactly one of many look-alike joins racing on two processes win', async () => {
    for (let i = 0; i < 2; i++) servers.push(await startServer({ CHATTY_REDIS_URL: redis.url }))
    const roomId = await servers[0]!.createRoom()
    const names = ['Alice', CYRILLIC_ALICE, FULLWIDTH_ALICE, 'aLiCe', '\u0391lice', 'ALICE']
    const racers = await Promise.all(
      names.map((_, i) => TestClient.connect(servers[i % 2]!.wsUrl(roomId))),
    )
    clients.push(...racers)
    racers.forEach((c, i) => c.send({ type: 'join', sender: names[i]!, avatar: '' }))
    const replies = await Promise.all(
      racers.map((c) => c.next((f) => f.type === 'joined' || f.type === 'error')),
    )
    expect(replies.filter((r) => r.type === 'joined')).toHaveLength(1)
    expect(replies.filter((r) => r.type === 'error' && r.code === 'name_taken')).toHaveLength(
      names.length - 1,
    )
  })
})
