/**
 * A member who sends files over the wire protocol itself, from Node (with the server tests'
 * conforming client: server/test/support/files.ts), so a spec can check what the browsers show.
 * In an encrypted room the file is sealed and described inside the envelope as a browser does.
 */
import { randomBytes } from 'node:crypto'
import type { SealedFileMessage } from '../../protocol/files.js'
import { seal } from '../../server/test/support/envelope.js'
import { encryptFile, upload } from '../../server/test/support/files.js'
import { TestClient } from '../../server/test/support/ws-client.js'

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
  const client = await TestClient.connect(server.wsUrl(roomId), { origin: server.baseUrl })
  await client.join(name, { avatar: 'fox' })
  const key = roomKey === undefined ? null : Buffer.from(roomKey, 'base64url')
  let sent = 0

  async function sendFile(file: FileToSend): Promise<string> {
    const fileKey = randomBytes(32)
    const content = Buffer.from(file.bytes)
    const blob = await upload(
      client,
      server.baseUrl,
      roomId,
      key ? encryptFile(fileKey, content) : content,
    )
    const description = {
      name: file.name,
      type: file.type,
      size: content.length,
      ...(file.width && file.height && { width: file.width, height: file.height }),
      ...(file.preview && { preview: file.preview }),
    }
    const caption = file.caption ?? ''
    const sealed: SealedFileMessage = {
      v: 1,
      text: caption,
      file: { ...description, blob, key: fileKey.toString('base64url') },
    }
    const message = key
      ? {
          content: seal(key, { room: roomId, sender: name }, JSON.stringify(sealed)),
          file: { blob },
        }
      : { content: caption, file: { ...description, blob } }
    const clientId = `file-${++sent}`
    client.send({ type: 'message', client_id: clientId, ...message })
    const stored = await client.next(
      (f) => (f.type === 'message' || f.type === 'error') && f.client_id === clientId,
    )
    if (stored.type !== 'message') throw new Error(`message refused: ${JSON.stringify(stored)}`)
    return blob
  }

  return { sendFile, close: () => client.ws.close() }
}
