/**
 * Files (`protocol/files.ts`) through a real server on both stores: upload over HTTP with the
 * socket's token, a message that carries the file, download byte for byte; the limits and
 * bad input answered plainly; nothing of a file left once its room ends.
 */
import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, expect, it } from 'vitest'
import {
  ENCRYPTED_CHUNK_BYTES,
  FILE_CHUNK_BYTES,
  type MessageFrame,
  type SealedFileMessage,
} from '../../protocol/index.js'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { open, seal } from './support/envelope.js'
import {
  askUpload,
  chunkUrl,
  decryptFile,
  download,
  encryptFile,
  putChunk,
  sendChunks,
  upload,
} from './support/files.js'
import { TestClient } from './support/ws-client.js'

describeOnEachStore('files', (env) => {
  let server: TestServer
  const clients: TestClient[] = []

  beforeEach(async () => {
    server = await startServer({
      ...env(),
      CHATTY_MAX_FILE_BYTES: String(400_000),
      CHATTY_MAX_ROOM_FILE_BYTES: String(2_000_000),
    })
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
  })

  async function room(encrypted: boolean, creatorToken = false) {
    const res = await fetch(`${server.baseUrl}/api/rooms/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encrypted }),
    })
    const body = (await res.json()) as { room_id: string; creator_token: string }
    return creatorToken ? body : { ...body, creator_token: undefined }
  }

  async function join(roomId: string, name: string, extra: Record<string, unknown> = {}) {
    const { client, joined } = await TestClient.join(server.wsUrl(roomId), name, extra)
    clients.push(client)
    return { client, joined }
  }

  const isFile = (f: { type: string }): f is MessageFrame =>
    f.type === 'message' && 'file' in f && f.file !== undefined

  it('carries a plain room’s file: described in the clear, downloaded byte for byte', async () => {
    const { room_id: roomId } = await room(false)
    const ana = await join(roomId, 'Ana')
    const ben = await join(roomId, 'Ben')
    expect(ana.joined.limits.max_file_bytes).toBe(400_000)
    const content = randomBytes(300_000)
    const blob = await upload(ana.client, server.baseUrl, roomId, content)
    ana.client.send({
      type: 'message',
      content: 'the report',
      client_id: 'm1',
      file: { blob, name: 'report.pdf', type: 'application/pdf', size: content.length },
    })
    const got = (await ben.client.next(isFile)) as MessageFrame
    expect(got.file).toEqual({
      blob,
      name: 'report.pdf',
      type: 'application/pdf',
      size: 300_000,
    })
    // A client that knows nothing of files still shows something true.
    expect(got.content).toBe('📎 report.pdf (300 KB)\nthe report')

    const { res, bytes } = await download(server.baseUrl, roomId, blob)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/octet-stream')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toMatch(/sandbox/)
    expect(bytes.equals(content)).toBe(true)

    // A late joiner gets it from history.
    const late = await TestClient.join(server.wsUrl(roomId), 'Cy')
    clients.push(late.client)
    expect(late.history.messages.find((m) => m.type === 'message')).toMatchObject({
      file: { blob },
    })
  })

  it('carries an encrypted room’s file as ciphertext only: no name, type or plaintext byte', async () => {
    const { room_id: roomId } = await room(true)
    const ana = await join(roomId, 'Ana')
    const ben = await join(roomId, 'Ben')
    const roomKey = randomBytes(32)
    const fileKey = randomBytes(32)
    const content = Buffer.concat([Buffer.from('%PDF-secret-plans '), randomBytes(150_000)])
    const stored = encryptFile(fileKey, content)
    expect(stored.length).toBe(3 * ENCRYPTED_CHUNK_BYTES)
    const blob = await upload(ana.client, server.baseUrl, roomId, stored)
    const sealed: SealedFileMessage = {
      v: 1,
      text: '',
      file: {
        blob,
        key: fileKey.toString('base64url'),
        name: 'secret-plans.pdf',
        type: 'application/pdf',
        size: content.length,
      },
    }
    const ctx = { room: roomId, sender: 'Ana' }
    ana.client.send({ content: seal(roomKey, ctx, JSON.stringify(sealed)), file: { blob } })
    const got = (await ben.client.next(isFile)) as MessageFrame
    expect(got.file).toEqual({ blob })
    expect(JSON.parse(open(roomKey, ctx, got.content))).toEqual(sealed)
    const frames = JSON.stringify(ben.client.stored())
    expect(frames).not.toContain('secret-plans')

    const { bytes } = await download(server.baseUrl, roomId, blob)
    expect(bytes.includes(Buffer.from('secret-plans'))).toBe(false)
    expect(decryptFile(fileKey, bytes, content.length).equals(content)).toBe(true)
  })

  it('refuses a file too large, an encrypted size that is not a bucket, and a full room', async () => {
    const plain = await join((await room(false)).room_id, 'Ana')
    expect(await askUpload(plain.client, 400_001)).toMatchObject({ code: 'file_too_large' })
    expect(await askUpload(plain.client, 400_000)).toMatchObject({ type: 'upload_ready' })

    const sealed = await join((await room(true)).room_id, 'Ana')
    // 5 chunks is no bucket (4, 6 are); a size off the chunk grid is refused too.
    expect(await askUpload(sealed.client, 5 * ENCRYPTED_CHUNK_BYTES)).toMatchObject({
      code: 'file_too_large',
    })
    expect(await askUpload(sealed.client, ENCRYPTED_CHUNK_BYTES + 1)).toMatchObject({
      code: 'file_too_large',
    })
    // 400,000 bytes of content are 7 chunks, padded to 8: the most an encrypted file may have.
    expect(await askUpload(sealed.client, 8 * ENCRYPTED_CHUNK_BYTES)).toMatchObject({
      type: 'upload_ready',
    })
    expect(await askUpload(sealed.client, 12 * ENCRYPTED_CHUNK_BYTES)).toMatchObject({
      code: 'file_too_large',
    })

    // The room holds 2,000,000 bytes of files: 5 uploads of 400,000 fill it.
    const full = await join((await room(false)).room_id, 'Ana')
    for (let i = 0; i < 5; i++) {
      expect(await askUpload(full.client, 400_000)).toMatchObject({ type: 'upload_ready' })
    }
    expect(await askUpload(full.client, 1)).toMatchObject({ code: 'files_full' })
  })

  it('limits how fast one member starts uploads', async () => {
    const ana = await join((await room(false)).room_id, 'Ana')
    const answers = []
    for (let i = 0; i < 12; i++) answers.push(await askUpload(ana.client, 10))
    expect(answers.filter((a) => a.type === 'upload_ready').length).toBeLessThanOrEqual(11)
    expect(answers.at(-1)).toMatchObject({ code: 'rate_limited' })
  })

  it('answers every bad chunk with a clear 4xx and keeps nothing of it', async () => {
    const { room_id: roomId } = await room(false)
    const other = await room(false)
    const ana = await join(roomId, 'Ana')
    const content = randomBytes(FILE_CHUNK_BYTES + 100)
    const ready = await askUpload(ana.client, content.length)
    if (ready.type !== 'upload_ready') throw new Error('no upload')
    const url = (i: number, r = roomId) => chunkUrl(server.baseUrl, r, ready.blob, i)
    const first = content.subarray(0, FILE_CHUNK_BYTES)

    const noToken = await fetch(url(0), {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: first,
    })
    expect(noToken.status).toBe(401)
    expect(await noToken.json()).toMatchObject({ statusCode: 401, message: expect.any(String) })
    expect((await putChunk(url(0), 'x'.repeat(32), first)).status).toBe(403)
    expect((await putChunk(url(2), ready.token, first)).status).toBe(400)
    expect((await putChunk(url(0), ready.token, first.subarray(1))).status).toBe(400)
    expect((await putChunk(url(1), ready.token, content.subarray(0, 50))).status).toBe(400)
    expect((await putChunk(url(0), ready.token, first, 'text/plain')).status).toBe(415)
    expect((await putChunk(url(0), ready.token, randomBytes(80_000))).status).toBe(413)
    expect((await putChunk(url(0, other.room_id), ready.token, first)).status).toBe(404)
    const gone = `${server.baseUrl}/api/rooms/${roomId}/files/${'A'.repeat(22)}/chunks/0`
    expect((await putChunk(gone, ready.token, first)).status).toBe(404)

    // Nothing of those was kept: both chunks are still missing.
    const status = await fetch(`${server.baseUrl}/api/rooms/${roomId}/files/${ready.blob}/chunks`, {
      headers: { authorization: `Bearer ${ready.token}` },
    })
    expect(await status.json()).toEqual({ chunks: 2, missing: [0, 1] })
    // Not complete: not downloadable, not sendable.
    expect((await download(server.baseUrl, roomId, ready.blob)).res.status).toBe(404)
    ana.client.send({
      content: '',
      client_id: 'early',
      file: { blob: ready.blob, name: 'a.bin', size: content.length },
    })
    expect(await ana.client.nextError()).toMatchObject({
      code: 'file_not_ready',
      client_id: 'early',
    })

    // Resumed: only what is missing is sent, then the upload is complete.
    await sendChunks(server.baseUrl, roomId, ready, content, [1])
    const resumed = await fetch(
      `${server.baseUrl}/api/rooms/${roomId}/files/${ready.blob}/chunks`,
      {
        headers: { authorization: `Bearer ${ready.token}` },
      },
    )
    expect(await resumed.json()).toEqual({ chunks: 2, missing: [0] })
    await sendChunks(server.baseUrl, roomId, ready, content, [0])
    expect((await putChunk(url(0), ready.token, first)).status).toBe(409)
    expect((await download(server.baseUrl, roomId, ready.blob)).bytes.equals(content)).toBe(true)
  })

  it('sends a blob once, checks a plain description, and never a blob of another room', async () => {
    const { room_id: roomId } = await room(false)
    const other = await room(false)
    const ana = await join(roomId, 'Ana')
    const eve = await join(other.room_id, 'Eve')
    const blob = await upload(ana.client, server.baseUrl, roomId, Buffer.from('hello'))
    const send = (file: Record<string, unknown>, client: TestClient = ana.client) => {
      client.send({ content: '', file: { blob, ...file } })
      return client.nextError()
    }
    expect(await send({ size: 5 })).toMatchObject({ code: 'invalid_file' })
    expect(await send({ name: 'a\u202Etxt.exe', size: 5 })).toMatchObject({ code: 'invalid_file' })
    expect(await send({ name: 'a.txt', size: 6 })).toMatchObject({ code: 'invalid_file' })
    expect(await send({ name: 'a.txt', size: 5, type: 'not a type' })).toMatchObject({
      code: 'invalid_file',
    })
    expect(
      await send({ name: 'a.png', size: 5, preview: 'data:image/svg+xml;base64,AAAA' }),
    ).toMatchObject({
      code: 'invalid_file',
    })
    expect(await send({ name: 'a.txt', size: 5 }, eve.client)).toMatchObject({
      code: 'file_not_ready',
    })
    ana.client.send({ content: 'one', file: { blob, name: 'a.txt', size: 5, type: 'text/plain' } })
    await ana.client.next(isFile)
    expect(await send({ name: 'a.txt', size: 5 })).toMatchObject({ code: 'file_not_ready' })
  })

  it('stops a removed member’s upload, and leaves nothing of a file once the host ends the room', async () => {
    const { room_id: roomId, creator_token } = await room(false, true)
    const host = await join(roomId, 'Hana', { creator_token })
    const bob = await join(roomId, 'Bob')
    const content = randomBytes(FILE_CHUNK_BYTES * 2)
    const ready = await askUpload(bob.client, content.length)
    if (ready.type !== 'upload_ready') throw new Error('no upload')
    await sendChunks(server.baseUrl, roomId, ready, content, [0])
    host.client.send({ type: 'remove', name: 'Bob' })
    expect((await bob.client.closed).code).toBe(4012)
    const late = await putChunk(
      chunkUrl(server.baseUrl, roomId, ready.blob, 1),
      ready.token,
      content.subarray(FILE_CHUNK_BYTES),
    )
    expect(late.status).toBe(403)

    const blob = await upload(
      host.client,
      server.baseUrl,
      roomId,
      Buffer.from('kept until the end'),
    )
    expect((await download(server.baseUrl, roomId, blob)).res.status).toBe(200)
    host.client.send({ type: 'destroy' })
    expect((await host.client.closed).code).toBe(4010)
    expect((await download(server.baseUrl, roomId, blob)).res.status).toBe(404)
    const status = await fetch(`${server.baseUrl}/api/rooms/${roomId}/files/${blob}/chunks`, {
      headers: { authorization: `Bearer ${ready.token}` },
    })
    expect(status.status).toBe(404)
  })
})
