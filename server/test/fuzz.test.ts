/**
 * Property tests of the frame parser and the protocol, over real sockets (fast-check):
 * arbitrary JSON, arbitrary text and arbitrary bytes, on unjoined and joined connections.
 * Whatever is sent, the server answers only well-formed frames or a documented close,
 * nothing reaches a member of another room, nothing reaches a member of the same room
 * except as the sender's own chat, and no connection holds more than the unsent-bytes cap.
 * Runs are bounded (`numRuns`) so the suite stays short.
 */
import fc from 'fast-check'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE_CODES, type ServerFrame } from '../../protocol/index.js'
import { startServer, type TestServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'

const MAX_BUFFERED = 64 * 1024
const SERVER_TYPES = new Set([
  'joined',
  'history',
  'message',
  'system',
  'users',
  'typing',
  'error',
  'pong',
])
/** Documented closes, plus those `ws` itself sends for broken frames (1002, 1007 bad UTF-8). */
const CLOSES = new Set<number>([...Object.values(CLOSE_CODES), 1002, 1005, 1006, 1007])

let server: TestServer
let otherRoom: string
let elsewhere: TestClient
beforeAll(async () => {
  server = await startServer({
    CHATTY_MAX_BUFFERED_BYTES: String(MAX_BUFFERED),
    CHATTY_MESSAGE_BURST: '1000',
    CHATTY_MESSAGES_PER_SECOND: '1000',
    CHATTY_MAX_FRAME_BYTES: '4096',
    // Short enough that the fullest chat frame fits in 4096 bytes (config.ts checks it).
    CHATTY_MESSAGE_MAX_CHARS: '250',
    CHATTY_NAME_MAX_CHARS: '16',
  })
  otherRoom = await server.createRoom()
  elsewhere = (await TestClient.join(server.wsUrl(otherRoom), 'Elsewhere')).client
})
afterAll(async () => {
  elsewhere.ws.terminate()
  await server.close()
})

/** A frame the fuzzer sends: JSON text, raw text, or raw bytes. */
type Wire = { text: string } | { bytes: Uint8Array; binary: boolean }

const frameTypes = fc.constantFrom('join', 'message', 'typing', 'ping', 'pong', 'users', '', 'JOIN')
/** Objects close to real frames, so the validator's branches are reached, not only JSON.parse. */
const nearFrame = fc
  .record(
    {
      type: fc.oneof(frameTypes, fc.anything()),
      sender: fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 40 }), fc.anything()),
      avatar: fc.oneof(fc.constantFrom('fox', '', 'afro'), fc.anything()),
      content: fc.oneof(fc.string({ maxLength: 200 }), fc.anything()),
      mentions: fc.oneof(fc.array(fc.string(), { maxLength: 5 }), fc.anything()),
      reply_to: fc.oneof(fc.integer(), fc.double(), fc.anything()),
      client_id: fc.oneof(fc.string({ maxLength: 80 }), fc.anything()),
      last_id: fc.oneof(fc.integer({ min: -5, max: 1e9 }), fc.anything()),
      __proto__: fc.anything(),
    },
    { requiredKeys: [] },
  )
  .map((value) => ({ text: JSON.stringify(value) ?? 'null' }))
const wire: fc.Arbitrary<Wire> = fc.oneof(
  nearFrame,
  fc.json({ maxDepth: 4 }).map((text) => ({ text })),
  fc.string({ unit: 'binary', maxLength: 64 }).map((text) => ({ text })),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes, binary: true })),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes, binary: false })),
)

function send(ws: WebSocket, frame: Wire): void {
  if (ws.readyState !== WebSocket.OPEN) return
  if ('text' in frame) ws.send(frame.text)
  else ws.send(Buffer.from(frame.bytes), { binary: frame.binary })
}

/** Every connection the server holds stays under the unsent-bytes cap (plus one frame in flight). */
function expectBuffersBounded(): void {
  for (const client of server.app.websocketServer.clients) {
    expect(client.bufferedAmount).toBeLessThanOrEqual(MAX_BUFFERED + 8 * 1024)
  }
}

/** Sends `frames`, then a ping; resolves once the server answered it or closed the socket. */
async function exchange(client: TestClient, frames: Wire[]): Promise<void> {
  for (const frame of frames) send(client.ws, frame)
  if (client.ws.readyState !== WebSocket.OPEN) return
  client.sendRaw('{"type":"ping"}')
  await Promise.race([client.closed, client.seen((f) => f.type === 'pong', 10_000)])
}

function expectWellFormed(frames: ServerFrame[]): void {
  for (const f of frames) expect(SERVER_TYPES.has(f.type), JSON.stringify(f)).toBe(true)
}

async function settledClose(client: TestClient): Promise<number | undefined> {
  if (client.ws.readyState === WebSocket.OPEN) return undefined
  return (await client.closed).code
}

/** Sends `frames`, then checks the answers were well formed, any close documented, buffers bounded. */
async function fuzzWith(fuzzer: TestClient, frames: Wire[]): Promise<void> {
  try {
    await exchange(fuzzer, frames)
    expectWellFormed(fuzzer.frames)
    const code = await settledClose(fuzzer)
    if (code !== undefined) expect(CLOSES.has(code), `close ${code}`).toBe(true)
    expectBuffersBounded()
  } finally {
    fuzzer.ws.terminate()
  }
}

describe('fuzzed frames', () => {
  it('on unjoined connections: only well-formed answers or a documented close; other rooms see nothing', async () => {
    const roomId = await server.createRoom()
    const watcher = (await TestClient.join(server.wsUrl(roomId), 'Watcher')).client
    const seenElsewhere = elsewhere.frames.length
    await fc.assert(
      fc.asyncProperty(fc.array(wire, { maxLength: 12 }), async (frames) => {
        const fuzzer = await TestClient.connect(server.wsUrl(roomId))
        await fuzzWith(fuzzer, frames)
      }),
      { numRuns: 150 },
    )
    expect(elsewhere.frames.length).toBe(seenElsewhere)
    expectWellFormed(watcher.frames)
    // A fuzzed frame may happen to be a valid join; then the watcher sees that member's
    // own messages, under the name the server gave it, and never a spoofed sender.
    for (const f of watcher.frames) {
      if (f.type === 'message') expect(f.sender.startsWith('__')).toBe(false)
    }
    watcher.ws.terminate()
  }, 120_000)

  it('on joined connections: chat reaches the room only as the sender, with the server’s fields', async () => {
    const roomId = await server.createRoom()
    const watcher = (await TestClient.join(server.wsUrl(roomId), 'Watcher')).client
    const seenElsewhere = elsewhere.frames.length
    let run = 0
    await fc.assert(
      fc.asyncProperty(fc.array(wire, { maxLength: 12 }), async (frames) => {
        const name = `Fuzzer ${++run}`
        const { client: fuzzer } = await TestClient.join(server.wsUrl(roomId), name)
        await fuzzWith(fuzzer, frames)
      }),
      { numRuns: 150 },
    )
    // Let the last leave notices arrive, then check everything the watcher was sent.
    watcher.sendRaw('{"type":"ping"}')
    await watcher.seen((f) => f.type === 'pong')
    expectWellFormed(watcher.frames)
    for (const f of watcher.frames) {
      if (f.type !== 'message') continue
      expect(f.sender).toMatch(/^Fuzzer \d+$/)
      expect(typeof f.content).toBe('string')
      expect(Number.isInteger(f.id)).toBe(true)
      expect(Date.parse(f.timestamp)).not.toBeNaN()
    }
    expect(elsewhere.frames.length).toBe(seenElsewhere)
    watcher.ws.terminate()
  }, 120_000)
})
