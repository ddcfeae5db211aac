/**
 * A member who sends files over the wire protocol itself (`protocol/files.ts`), from Node:
 * joins over a WebSocket, asks for an upload, PUTs the chunks and sends the file message, in an
 * encrypted room sealing each chunk and the description as a conforming browser does (with
 * Node's AES-GCM, not the web app's code), so a spec can check what another browser shows.
 */
import { createCipheriv, randomBytes } from 'node:crypto'
import WebSocket from 'ws'
import { expect } from 'vitest'
import {
  FILE_CHUNK_BYTES,
  fileChunkAdditionalData,
  fileChunkIv,
  paddedChunkCount,
  type SealedFileMessage,
} from '../../protocol/files.js'
import { seal } from '../../server/test/support/envelope.js'

type Frame = { type?: string; client_id?: string; [field: string]: unknown }

export interface FileToSend {
  name: string
  type: string
  bytes: Uint8Array
  caption?: string
  width?: number
  height?: number
  preview?: string
}

export interface RawMember {
  /** Sends `file` and resolves, once the server has stored the message, with its blob id. */
  sendFile(file: FileToSend): Promise<string>
  close(): void
}

/**
 * Joins `roomId` as `name`. `roomKey`: the room's key (the link's fragment) in an encrypted
 * room; absent, the room is plain.
 */
export async function rawMember(
  server: { baseUrl: string; wsUrl(roomId: string): string },
  roomId: string,
  name: string,
  roomKey?: string,
): Promise<RawMember> {
  const ws = new WebSocket(server.wsUrl(roomId), { origin: server.baseUrl })
  const frames: Frame[] = []
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame))
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  ws.send(JSON.stringify({ type: 'join', sender: name, avatar: 'fox' }))
  await expect.poll(() => frames.some((f) => f.type === 'history')).toBe(true)
  const key = roomKey === undefined ? null : Buffer.from(roomKey, 'base64url')
  let sent = 0

  async function answer(clientId: string, type: string): Promise<Frame> {
    await expect
      .poll(() => frames.find((f) => f.client_id === clientId)?.type, { timeout: 10_000 })
      .toBe(type)
    return frames.find((f) => f.client_id === clientId)!
  }

  async function sendFile(file: FileToSend): Promise<string> {
    sent += 1
    const fileKey = randomBytes(32)
    const size = file.bytes.length
    const count = key ? paddedChunkCount(Math.max(1, Math.ceil(size / FILE_CHUNK_BYTES))) : 0
    const stored = key ? sealChunks(fileKey, file.bytes, count) : file.bytes
    ws.send(JSON.stringify({ type: 'upload', size: stored.length, client_id: `u${sent}` }))
    const ready = await answer(`u${sent}`, 'upload_ready')
    const {
      blob,
      token,
      chunk_bytes: chunkBytes,
      chunks,
    } = ready as Frame & {
      blob: string
      token: string
      chunk_bytes: number
      chunks: number
    }
    for (let i = 0; i < chunks; i++) {
      const res = await fetch(`${server.baseUrl}/api/rooms/${roomId}/files/${blob}/chunks/${i}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/octet-stream',
        },
        body: stored.subarray(i * chunkBytes, (i + 1) * chunkBytes),
      })
      expect(res.status).toBe(204)
    }
    const description = {
      name: file.name,
      type: file.type,
      size,
      ...(file.width && file.height && { width: file.width, height: file.height }),
      ...(file.preview && { preview: file.preview }),
    }
    const caption = file.caption ?? ''
    const message = key
      ? {
          content: seal(
            key,
            { room: roomId, sender: name },
            JSON.stringify({
              v: 1,
              text: caption,
              file: { ...description, blob, key: fileKey.toString('base64url') },
            } satisfies SealedFileMessage),
          ),
          file: { blob },
        }
      : { content: caption, file: { ...description, blob } }
    ws.send(JSON.stringify({ type: 'message', client_id: `m${sent}`, ...message }))
    await answer(`m${sent}`, 'message')
    return blob
  }

  return { sendFile, close: () => ws.close() }
}

/** The file as an encrypted room stores it: `count` sealed chunks, zero-padded. */
function sealChunks(fileKey: Buffer, bytes: Uint8Array, count: number): Uint8Array {
  const out: Buffer[] = []
  for (let i = 0; i < count; i++) {
    const plain = Buffer.alloc(FILE_CHUNK_BYTES)
    plain.set(bytes.subarray(i * FILE_CHUNK_BYTES, (i + 1) * FILE_CHUNK_BYTES))
    const cipher = createCipheriv('aes-256-gcm', fileKey, fileChunkIv(i))
    cipher.setAAD(Buffer.from(fileChunkAdditionalData(i, count), 'utf8'))
    out.push(cipher.update(plain), cipher.final(), cipher.getAuthTag())
  }
  return Buffer.concat(out)
}
