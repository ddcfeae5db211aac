/** Rooms expire: members are closed with 4001, newcomers get 4004, REST answers 404. */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'

describeOnEachStore('expiry', (storeEnv) => {
  let server: TestServer

  beforeEach(async () => {
    server = await startServer({
      ...storeEnv(),
      CHATTY_ROOM_TTL_SECONDS: '2',
      CHATTY_CLEANUP_INTERVAL_SECONDS: '1',
    })
  })
  afterEach(async () => server.close())

  it('closes members with 4001 at the deadline and forgets the room', async () => {
    const roomId = await server.createRoom()
    const res = await fetch(`${server.baseUrl}/api/rooms/${roomId}`)
    const info = (await res.json()) as { ttl_seconds: number }
    expect(info.ttl_seconds).toBeLessThanOrEqual(2)
    const { client: alice } = await TestClient.join(server.wsUrl(roomId), 'Alice')
    const { client: bob } = await TestClient.join(server.wsUrl(roomId), 'Bob')
    alice.say('soon gone')
    await bob.nextMessage('soon gone')

    const started = Date.now()
    const [a, b] = await Promise.all([alice.closed, bob.closed])
    expect(a.code).toBe(4001)
    expect(b.code).toBe(4001)
    expect(Date.now() - started).toBeLessThan(3500)

    expect((await fetch(`${server.baseUrl}/api/rooms/${roomId}`)).status).toBe(404)
    const late = await TestClient.connect(server.wsUrl(roomId))
    expect([4001, 4004]).toContain((await late.closed).code)
  })
})
