/**
 * A burst of frames sent in one write reaches the server in one turn, which the Redis
 * store sends as one batch: each message still gets its own id, echo and error.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { MessageFrame } from '../../protocol/index.js'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'

describeOnEachStore('a burst of messages', (storeEnv) => {
  let server: TestServer
  const clients: TestClient[] = []

  beforeEach(async () => {
    server = await startServer({
      ...storeEnv(),
      CHATTY_MESSAGE_BURST: '100',
      CHATTY_MESSAGE_MAX_CHARS: '50',
    })
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
  })

  it('keeps ids, order, client_id echo and per-message errors', async () => {
    const roomId = await server.createRoom()
    const alice = (await TestClient.join(server.wsUrl(roomId), 'Alice')).client
    const bob = (await TestClient.join(server.wsUrl(roomId), 'Bob')).client
    clients.push(alice, bob)
    await alice.next((f) => f.type === 'system' && f.content === 'Bob joined the chat')
    await bob.next((f) => f.type === 'system' && f.content === 'Bob joined the chat')

    const contents = Array.from({ length: 20 }, (_, i) => `m${i}`)
    // One synchronous run of sends: the frames leave in one go and arrive in one turn.
    contents.forEach((content, i) => {
      alice.say(content, { client_id: `c${i}` })
      if (i === 5) alice.say('x'.repeat(51), { client_id: 'too-long' })
      if (i === 9) alice.say('   ')
    })

    for (const member of [alice, bob]) {
      const got: MessageFrame[] = await member.nextMessages(20)
      expect(got.map((m) => m.content)).toEqual(contents)
      expect(got.map((m) => m.client_id)).toEqual(contents.map((_, i) => `c${i}`))
      const first = got[0]!.id
      expect(got.map((m) => m.id)).toEqual(contents.map((_, i) => first + i))
    }
    // Looked up among every frame received: the errors may arrive before or between messages.
    for (const code of ['message_too_long', 'empty_message']) {
      await alice.seen((f) => f.type === 'error' && f.code === code)
    }
    const { client: carol, history } = await TestClient.join(server.wsUrl(roomId), 'Carol')
    clients.push(carol)
    expect(history.messages.filter((m) => m.type === 'message').map((m) => m.content)).toEqual(
      contents,
    )
  })
})
