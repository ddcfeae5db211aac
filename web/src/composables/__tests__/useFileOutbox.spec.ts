import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { ENCRYPTED_CHUNK_BYTES, type SealedFileMessage } from '../../../../protocol/files'
import type { ClientChat, ClientFrame, MessageFrame } from '../../../../protocol/frames'
import { decryptChunk, encryptedUploadSize, importFileKey } from '../../lib/files/chunk-crypto'
import type { ChosenFile } from '../../lib/files/prepare-file'
import { clientLimits, roomInfo } from '../../lib/__tests__/fixtures'
import { decryptMessage, importRoomKey, newRoomKey } from '../../lib/room-crypto'
import { useRoomChat } from '../useRoomChat'
import { asWebSocket, FakeWebSocket } from './fake-websocket'

const MAX = 25 * 1024 * 1024
const until = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 5 })

/** A file that is not a picture: it goes as it is, so no canvas is needed. */
function report(size = 150_000): ChosenFile {
  const bytes = new Uint8Array(size).map((_, i) => i % 241)
  const file = new File([bytes], 'secret-report.pdf', { type: 'application/pdf' })
  return { file, probed: { treatment: 'file', type: 'application/pdf' }, original: false }
}

/** The server's file routes: chunks kept per blob, and a switch to drop the network. */
function fakeFiles() {
  const blobs = new Map<string, Map<number, Uint8Array>>()
  const log: string[] = []
  const net = { down: false }
  const fetch = vi.fn(async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET'
    log.push(`${method} ${url}`)
    const [, encoded, index] = /files\/([^/]+)(?:\/chunks\/?(\d*))?$/.exec(url) ?? []
    const blob = decodeURIComponent(encoded!)
    const chunks = blobs.get(blob) ?? new Map<number, Uint8Array>()
    blobs.set(blob, chunks)
    if (net.down) throw new TypeError('Failed to fetch')
    if (method === 'PUT') chunks.set(Number(index), new Uint8Array(init.body as Uint8Array))
    if (method === 'GET') {
      const total = Number(/chunks=(\d+)/.exec(blob)?.[1] ?? 0)
      const missing = [...Array(total).keys()].filter((i) => !chunks.has(i))
      return Response.json({ chunks: total, missing })
    }
    return new Response(null, { status: 204 })
  })
  return { fetch, blobs, log, net }
}

async function setup(options: { encrypted?: boolean } = {}) {
  const files = fakeFiles()
  vi.stubGlobal('fetch', files.fetch)
  const scope = effectScope()
  const chat = scope.run(() =>
    useRoomChat({ roomId: 'r1', WebSocketImpl: asWebSocket, wsUrl: 'ws://chatty.test/ws/r1' }),
  )!
  const key = options.encrypted ? await importRoomKey(newRoomKey()) : null
  if (key) chat.setKey(key)
  chat.enter({ name: 'Alice', avatar: 'fox' })
  const connect = () => {
    const ws = FakeWebSocket.last
    ws.open()
    ws.receive({
      type: 'joined',
      protocol: 1,
      name: 'Alice',
      avatar: 'fox',
      room: roomInfo({ encrypted: !!key }),
      server_time: '2030-01-01T00:10:00.000Z',
      limits: clientLimits({ max_file_bytes: MAX, message_max_chars: 4000 }),
    })
    ws.receive({ type: 'history', messages: [] })
    return ws
  }
  return { chat, key, files, connect, stop: () => scope.stop() }
}

const uploads = (ws: FakeWebSocket) =>
  ws.sent.filter((f): f is Extract<ClientFrame, { type: 'upload' }> => f.type === 'upload')
const chats = (ws: FakeWebSocket) => ws.sent.filter((f) => f.type === 'message') as ClientChat[]

/** The server's answer to the last `upload`: a blob whose id says its chunk count. */
function ready(ws: FakeWebSocket, chunkBytes: number, chunks: number) {
  const ask = uploads(ws).at(-1)!
  const blob = `b${uploads(ws).length}-chunks=${chunks}`
  ws.receive({
    type: 'upload_ready',
    blob,
    token: 'tok',
    chunk_bytes: chunkBytes,
    chunks,
    client_id: ask.client_id,
  })
  return blob
}

function echo(ws: FakeWebSocket, sent: ClientChat, id: number): MessageFrame {
  const frame: MessageFrame = {
    type: 'message',
    id,
    sender: 'Alice',
    avatar: 'fox',
    content: sent.content,
    timestamp: '2030-01-01T00:11:00.000Z',
    client_id: sent.client_id,
    file: sent.file,
  }
  ws.receive(frame)
  return frame
}

describe('sending files', () => {
  beforeEach(() => FakeWebSocket.reset())
  afterEach(() => vi.unstubAllGlobals())

  it('in a plain room: asks, uploads in chunks, sends the caption with the file, then waits for the echo', async () => {
    const t = await setup()
    const ws = t.connect()
    expect(t.chat.send('see this', undefined, [report()])).toBe(true)
    expect(t.chat.pending.value).toEqual([])
    expect(t.chat.pendingFiles.value.map((p) => [p.name, p.caption])).toEqual([
      ['secret-report.pdf', 'see this'],
    ])
    await until(() => expect(uploads(ws)).toHaveLength(1))
    expect(uploads(ws)[0]!.size).toBe(150_000)
    const blob = ready(ws, 65_536, 3)
    await until(() => expect(chats(ws)).toHaveLength(1))
    expect(t.files.blobs.get(blob)!.size).toBe(3)
    expect(t.files.blobs.get(blob)!.get(2)!.length).toBe(150_000 - 2 * 65_536)
    const [sent] = chats(ws)
    expect(sent).toMatchObject({
      content: 'see this',
      file: { blob, name: 'secret-report.pdf', type: 'application/pdf', size: 150_000 },
    })
    expect(t.chat.pendingFiles.value[0]!.stage).toBe('sending')
    echo(ws, sent!, 1)
    expect(t.chat.pendingFiles.value).toEqual([])
    t.stop()
  })

  it('in an encrypted room: the server sees padded ciphertext and an envelope, no name', async () => {
    const t = await setup({ encrypted: true })
    const ws = t.connect()
    t.chat.send('', undefined, [report()])
    await until(() => expect(uploads(ws)).toHaveLength(1))
    expect(uploads(ws)[0]!.size).toBe(encryptedUploadSize(150_000))
    const blob = ready(ws, ENCRYPTED_CHUNK_BYTES, 3)
    await until(() => expect(chats(ws)).toHaveLength(1))
    const [sent] = chats(ws)
    expect(sent!.file).toEqual({ blob })
    expect(JSON.stringify(ws.sent)).not.toContain('secret-report')
    const text = await decryptMessage(t.key!, { room: 'r1', sender: 'Alice' }, sent!.content)
    const sealed = JSON.parse(text!) as SealedFileMessage
    expect(sealed).toMatchObject({
      v: 1,
      text: '',
      file: { blob, name: 'secret-report.pdf', type: 'application/pdf', size: 150_000 },
    })
    // What the server stored opens with the key from the envelope, byte for byte.
    const fileKey = (await importFileKey(sealed.file.key))!
    const stored = t.files.blobs.get(blob)!
    const opened = await Promise.all(
      [0, 1, 2].map((i) => decryptChunk(fileKey, stored.get(i)!, i, 3)),
    )
    const joined = new Uint8Array(3 * 65_536)
    opened.forEach((c, i) => joined.set(c!, i * 65_536))
    expect(joined.subarray(0, 150_000)).toEqual(new Uint8Array(150_000).map((_, i) => i % 241))
    t.stop()
  })

  it('one message per file, in order, the caption on the first', async () => {
    const t = await setup()
    const ws = t.connect()
    t.chat.send('two files', undefined, [report(10), report(20)])
    await until(() => expect(uploads(ws)).toHaveLength(1))
    ready(ws, 65_536, 1)
    await until(() => expect(uploads(ws)).toHaveLength(2))
    ready(ws, 65_536, 1)
    await until(() => expect(chats(ws)).toHaveLength(2))
    expect(chats(ws).map((c) => [c.content, c.file?.size])).toEqual([
      ['two files', 10],
      ['', 20],
    ])
    t.stop()
  })

  it('a refusal stays on the file with Retry, and does not take a text message', async () => {
    const t = await setup()
    const ws = t.connect()
    t.chat.send('hello', undefined)
    t.chat.send('', undefined, [report()])
    await until(() => expect(uploads(ws)).toHaveLength(1))
    ws.receive({
      type: 'error',
      sender: '__error__',
      code: 'files_full',
      message: 'This room holds as many files as it may.',
      client_id: uploads(ws)[0]!.client_id,
    })
    await until(() => expect(t.chat.pendingFiles.value[0]!.stage).toBe('failed'))
    expect(t.chat.pendingFiles.value[0]!.error).toBe('This room holds as many files as it may.')
    expect(t.chat.inputError.value).toBe('This room holds as many files as it may.')
    expect(t.chat.pending.value.map((p) => p.content)).toEqual(['hello'])
    // Retry asks again; Discard drops it.
    t.chat.retryMessage(t.chat.pendingFiles.value[0]!.client_id)
    await until(() => expect(uploads(ws)).toHaveLength(2))
    t.chat.discardMessage(t.chat.pendingFiles.value[0]!.client_id)
    expect(t.chat.pendingFiles.value).toEqual([])
    t.stop()
  })

  it('after a dropped network, asks which chunks are missing and sends only those', async () => {
    const t = await setup()
    const ws = t.connect()
    t.chat.send('', undefined, [report(4 * 65_536)])
    await until(() => expect(uploads(ws)).toHaveLength(1))
    t.files.net.down = true
    const blob = ready(ws, 65_536, 4)
    await until(() => expect(t.chat.pendingFiles.value[0]!.stage).toBe('waiting'))
    // Two chunks had arrived before the network went (only their answers were lost).
    const stored = t.files.blobs.get(blob)!
    stored.set(0, new Uint8Array(65_536))
    stored.set(2, new Uint8Array(65_536))
    t.files.log.length = 0
    t.files.net.down = false
    window.dispatchEvent(new Event('online'))
    await until(() => expect(chats(ws)).toHaveLength(1))
    expect(t.files.log).toEqual([
      `GET /api/rooms/r1/files/${encodeURIComponent(blob)}/chunks`,
      `PUT /api/rooms/r1/files/${encodeURIComponent(blob)}/chunks/1`,
      `PUT /api/rooms/r1/files/${encodeURIComponent(blob)}/chunks/3`,
    ])
    t.stop()
  })

  it('asks for the upload again when the socket dropped before the answer', async () => {
    const t = await setup()
    const first = t.connect()
    t.chat.send('', undefined, [report(10)])
    await until(() => expect(uploads(first)).toHaveLength(1))
    first.serverClose(1006)
    t.chat.retry()
    const second = t.connect()
    await until(() => expect(uploads(second)).toHaveLength(1))
    expect(uploads(second)[0]!.client_id).not.toBe(uploads(first)[0]!.client_id)
    ready(second, 65_536, 1)
    await until(() => expect(chats(second)).toHaveLength(1))
    t.stop()
  })

  it('the connection lost for good: the file is "not sent", and Retry takes it up again', async () => {
    const t = await setup()
    const first = t.connect()
    t.chat.send('', undefined, [report(10)])
    await until(() => expect(uploads(first)).toHaveLength(1))
    // A deliberate close by the server: no quick reconnect, the page says "disconnected".
    first.serverClose(1000)
    await until(() => expect(t.chat.pendingFiles.value[0]!.stage).toBe('failed'))
    expect(t.chat.pendingFiles.value[0]!.error).toBe('The connection was lost.')
    t.chat.retryMessage(t.chat.pendingFiles.value[0]!.client_id)
    const second = t.connect()
    await until(() => expect(uploads(second)).toHaveLength(1))
    ready(second, 65_536, 1)
    await until(() => expect(chats(second)).toHaveLength(1))
    t.stop()
  })
})
