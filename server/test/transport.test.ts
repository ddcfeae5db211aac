/** The socket layer: frame encoding at every length class, Origin checks, slow consumers. */
import type { Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'

let server: TestServer | undefined
const clients: TestClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate()
  await server?.close()
  server = undefined
})

describe('frame encoding', () => {
  it('delivers messages whose frames use the 7-bit, 16-bit and 64-bit length forms intact', async () => {
    server = await startServer({
      CHATTY_MESSAGE_MAX_CHARS: '100000',
      // Room for the fullest chat frame of 100,000 characters (config.ts checks it).
      CHATTY_MAX_FRAME_BYTES: '500000',
    })
    const roomId = await server.createRoom()
    const { client } = await TestClient.join(server.wsUrl(roomId), 'Alice')
    clients.push(client)
    // Lengths chosen so the whole JSON frame straddles 125/126 and 65535/65536 bytes.
    for (const n of [1, 20, 40, 65_300, 65_450, 70_000, 99_999]) {
      const text = 'é'.repeat(Math.floor(n / 2)) + 'x'.repeat(n % 2)
      client.say(text)
      expect((await client.nextMessage()).content).toBe(text)
    }
  })
})

describe('bursts', () => {
  it('delays a burst of frames sent in one go, drops none, and keeps the room chatting', async () => {
    server = await startServer({ CHATTY_MESSAGE_BURST: '1000', CHATTY_MESSAGES_PER_SECOND: '1000' })
    const roomId = await server.createRoom()
    const { client: burster } = await TestClient.join(server.wsUrl(roomId), 'Burster')
    const { client: bystander } = await TestClient.join(server.wsUrl(roomId), 'Bystander')
    clients.push(burster, bystander)
    // Written in one tick, these reach the server in a few TCP reads: far more frames at
    // once than a connection may have waiting, so the server must pause reading, not refuse.
    const count = 400
    for (let i = 0; i < count; i++) burster.say(`b${i}`)
    const got = (await bystander.nextMessages(count)).map((m) => m.content)
    expect(got).toEqual(Array.from({ length: count }, (_, i) => `b${i}`))
    expect(burster.frames.filter((f) => f.type === 'error')).toEqual([])
    bystander.say('still here')
    expect(
      (await burster.next((f) => f.type === 'message' && f.content === 'still here')).type,
    ).toBe('message')
  })
})

describe('origin check', () => {
  it('allows same-host pages and clients without Origin; closes others with 4003 after the upgrade', async () => {
    server = await startServer()
    const roomId = await server.createRoom()
    const host = new URL(server.baseUrl).host
    const same = await TestClient.connect(server.wsUrl(roomId), { origin: `http://${host}` })
    clients.push(same)
    await same.join('Same')
    const none = await TestClient.connect(server.wsUrl(roomId))
    clients.push(none)
    await none.join('None')
    const evil = await TestClient.connect(server.wsUrl(roomId), { origin: 'https://evil.example' })
    expect((await evil.closed).code).toBe(4003)
  })

  it('honours CHATTY_ALLOWED_ORIGINS', async () => {
    server = await startServer({
      CHATTY_ALLOWED_ORIGINS: 'https://chat.example.com, https://b.example',
    })
    const roomId = await server.createRoom()
    const ok = await TestClient.connect(server.wsUrl(roomId), {
      origin: 'https://chat.example.com',
    })
    clients.push(ok)
    await ok.join('Ok')
    const host = new URL(server.baseUrl).host
    const notListed = await TestClient.connect(server.wsUrl(roomId), { origin: `http://${host}` })
    expect((await notListed.closed).code).toBe(4003)
  })
})

describe('slow consumers', () => {
  it('closes a member that stopped reading with 4008 while the room carries on', async () => {
    server = await startServer({
      CHATTY_MAX_BUFFERED_BYTES: String(256 * 1024),
      CHATTY_MESSAGES_PER_SECOND: '100000',
      CHATTY_MESSAGE_BURST: '100000',
    })
    const roomId = await server.createRoom()
    const { client: talker } = await TestClient.join(server.wsUrl(roomId), 'Talker')
    const { client: reader } = await TestClient.join(server.wsUrl(roomId), 'Reader')
    const { client: stalled } = await TestClient.join(server.wsUrl(roomId), 'Stalled')
    clients.push(talker, reader, stalled)
    const raw = (stalled.ws as unknown as { _socket: Socket })._socket
    raw.pause()
    // The server waits a few seconds for a dropped member to read its close frame, then cuts
    // it: read again as soon as the room is told, so the close frame can still arrive.
    const toldAndResumed = reader
      .seen((f) => f.type === 'system' && f.content === 'Stalled left the chat', 55_000)
      .then(() => raw.resume())

    const chunk = 'z'.repeat(3900)
    const total = 4000 // ~16 MB: far beyond kernel buffers plus the limit
    // In batches, each waiting for its echo, to stay under the per-connection frame queue.
    for (let i = 0; i < total; i += 20) {
      for (let j = i; j < i + 20; j++) talker.say(`${j} ${chunk}`)
      await talker.nextMessage(`${i + 19} ${chunk}`)
    }
    const last = await reader.nextMessage(`${total - 1} ${chunk}`)
    expect(last.sender).toBe('Talker')
    const got = reader.frames.filter((f) => f.type === 'message' && f.sender === 'Talker').length
    expect(got).toBe(total)

    // The room is told at once that the stalled member is gone...
    await toldAndResumed
    const lastUsers = reader.frames.filter((f) => f.type === 'users').at(-1)
    expect(lastUsers).toMatchObject({ content: [{ name: 'Talker' }, { name: 'Reader' }] })
    // ...and the stalled client, once it reads again, finds the documented close code.
    expect((await stalled.closed).code).toBe(4008)
  }, 60_000)
})
