/**
 * Files across two server processes, on one Redis and on a Redis Cluster: uploaded through
 * one, downloaded through the other byte for byte, every key of the room's files in the
 * room's slot with the room's TTL, no file name or plaintext byte in Redis, and nothing left
 * once the host ends the room.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { MessageFrame, SealedFileMessage } from '../../protocol/index.js'
import type { ChattyProcess } from '../../testkit/chatty.js'
import { createHostedRoom } from '../../testkit/rooms.js'
import { REDIS_BACKENDS, twoProcesses } from './support/backends.js'
import { seal } from './support/envelope.js'
import { decryptFile, download, encryptFile, upload } from './support/files.js'
import { TestClient } from './support/ws-client.js'

describe.each(REDIS_BACKENDS)('files across two processes on %s', (_name, startBackend) => {
  const processes = twoProcesses(startBackend)
  const { clients } = processes

  async function join(server: ChattyProcess, roomId: string, name: string, extra = {}) {
    const { client } = await TestClient.join(server.wsUrl(roomId), name, extra)
    clients.push(client)
    return client
  }

  /** Every key of the room on every node, with its TTL and (for the files hash) its values. */
  async function roomKeys(roomId: string) {
    const out: { key: string; pttl: number; values: Buffer[] }[] = []
    for (const admin of processes.admins) {
      for (const key of await admin.keys(`*${roomId}*`)) {
        const values = (await admin.type(key)) === 'hash' ? await admin.hvalsBuffer(key) : []
        out.push({ key, pttl: await admin.pttl(key), values })
      }
    }
    return out
  }

  it('an encrypted file goes up through one process and down through the other, and goes with the room', async () => {
    const { a, b } = processes
    const { roomId, creatorToken } = await createHostedRoom(a.baseUrl, { encrypted: true })
    const ana = await join(a, roomId, 'Ana', { creator_token: creatorToken })
    const ben = await join(b, roomId, 'Ben')
    const roomKey = randomBytes(32)
    const fileKey = randomBytes(32)
    const content = Buffer.concat([Buffer.from('PLAINTEXT-MARKER '), randomBytes(200_000)])
    const blob = await upload(ana, a.baseUrl, roomId, encryptFile(fileKey, content))
    const sealed: SealedFileMessage = {
      v: 1,
      text: 'the plans',
      file: {
        blob,
        key: fileKey.toString('base64url'),
        name: 'NAME-MARKER.pdf',
        type: 'application/pdf',
        size: content.length,
      },
    }
    ana.send({
      content: seal(roomKey, { room: roomId, sender: 'Ana' }, JSON.stringify(sealed)),
      file: { blob },
    })
    const got = (await ben.next(
      (f) => f.type === 'message' && f.file?.blob === blob,
    )) as MessageFrame
    expect(got.file).toEqual({ blob })
    const { bytes } = await download(b.baseUrl, roomId, blob)
    expect(decryptFile(fileKey, bytes, content.length).equals(content)).toBe(true)

    const keys = await roomKeys(roomId)
    const files = keys.find((k) => k.key.endsWith(':files'))
    expect(files).toBeDefined()
    // In the room's slot (its hash tag), ending with the room.
    expect(files!.key).toContain(`{${roomId}}`)
    const roomTtl = keys.find((k) => k.key.endsWith(`{${roomId}}`))!.pttl
    expect(Math.abs(files!.pttl - roomTtl)).toBeLessThan(5000)
    const stored = Buffer.concat(keys.flatMap((k) => k.values))
    expect(stored.includes(Buffer.from('NAME-MARKER'))).toBe(false)
    expect(stored.includes(Buffer.from('PLAINTEXT-MARKER'))).toBe(false)

    ana.send({ type: 'destroy' })
    expect((await ben.closed).code).toBe(4010)
    expect(await roomKeys(roomId)).toEqual([])
    expect((await download(a.baseUrl, roomId, blob)).res.status).toBe(404)
    expect((await download(b.baseUrl, roomId, blob)).res.status).toBe(404)
  })
})
