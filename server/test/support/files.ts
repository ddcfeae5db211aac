/**
 * Files as a conforming client sends them (`protocol/files.ts`), with Node's own AES-GCM:
 * ask for an upload on the socket, PUT the chunks, and read a download back.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import {
  ENCRYPTED_CHUNK_BYTES,
  FILE_CHUNK_BYTES,
  fileChunkAdditionalData,
  fileChunkIv,
  paddedChunkCount,
  type UploadReadyFrame,
} from '../../../protocol/index.js'
import type { TestClient } from './ws-client.js'

/** An encrypted file's stored bytes: content padded to a bucket of chunks, each sealed. */
export function encryptFile(key: Buffer, content: Buffer): Buffer {
  const count = paddedChunkCount(Math.max(1, Math.ceil(content.length / FILE_CHUNK_BYTES)))
  const parts: Buffer[] = []
  for (let i = 0; i < count; i++) {
    const plain = Buffer.alloc(FILE_CHUNK_BYTES)
    // The padding chunks past the end stay zeros (copy refuses a start past the end).
    const start = i * FILE_CHUNK_BYTES
    if (start < content.length) content.copy(plain, 0, start, start + FILE_CHUNK_BYTES)
    const cipher = createCipheriv('aes-256-gcm', key, fileChunkIv(i))
    cipher.setAAD(Buffer.from(fileChunkAdditionalData(i, count)))
    parts.push(cipher.update(plain), cipher.final(), cipher.getAuthTag())
  }
  return Buffer.concat(parts)
}

/** The content of an encrypted file's stored bytes, cut to `size`; throws when tampered. */
export function decryptFile(key: Buffer, stored: Buffer, size: number): Buffer {
  const count = stored.length / ENCRYPTED_CHUNK_BYTES
  const parts: Buffer[] = []
  for (let i = 0; i < count; i++) {
    const sealed = stored.subarray(i * ENCRYPTED_CHUNK_BYTES, (i + 1) * ENCRYPTED_CHUNK_BYTES)
    const decipher = createDecipheriv('aes-256-gcm', key, fileChunkIv(i))
    decipher.setAAD(Buffer.from(fileChunkAdditionalData(i, count)))
    decipher.setAuthTag(sealed.subarray(-16))
    parts.push(decipher.update(sealed.subarray(0, -16)), decipher.final())
  }
  return Buffer.concat(parts).subarray(0, size)
}

/** Asks for an upload of `size` stored bytes; resolves with `upload_ready` or the error. */
export async function askUpload(client: TestClient, size: number) {
  const clientId = randomBytes(6).toString('hex')
  client.send({ type: 'upload', size, client_id: clientId })
  return client.next(
    (f) => (f.type === 'upload_ready' || f.type === 'error') && f.client_id === clientId,
  )
}

export function chunkUrl(base: string, roomId: string, blob: string, index: number): string {
  return `${base}/api/rooms/${roomId}/files/${blob}/chunks/${index}`
}

export function putChunk(
  url: string,
  token: string,
  body: Buffer,
  type = 'application/octet-stream',
) {
  return fetch(url, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  })
}

/** Uploads `stored` whole; resolves with the blob id. */
export async function upload(
  client: TestClient,
  base: string,
  roomId: string,
  stored: Buffer,
): Promise<string> {
  const ready = await askUpload(client, stored.length)
  if (ready.type !== 'upload_ready') throw new Error(`upload refused: ${JSON.stringify(ready)}`)
  await sendChunks(base, roomId, ready, stored)
  return ready.blob
}

export async function sendChunks(
  base: string,
  roomId: string,
  ready: UploadReadyFrame,
  stored: Buffer,
  only?: number[],
): Promise<void> {
  for (let i = 0; i < ready.chunks; i++) {
    if (only && !only.includes(i)) continue
    const body = stored.subarray(i * ready.chunk_bytes, (i + 1) * ready.chunk_bytes)
    const res = await putChunk(chunkUrl(base, roomId, ready.blob, i), ready.token, body)
    if (res.status !== 204) throw new Error(`chunk ${i}: ${res.status} ${await res.text()}`)
  }
}

export async function download(base: string, roomId: string, blob: string) {
  const res = await fetch(`${base}/api/rooms/${roomId}/files/${blob}`)
  return { res, bytes: Buffer.from(await res.arrayBuffer()) }
}
