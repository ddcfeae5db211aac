/**
 * The chat message that carries an uploaded file (`protocol/files.ts`): in a plain room the
 * caption and the file's description in the clear; in an encrypted room an envelope of the
 * sealed message (caption, key, description) and the blob id alone.
 */
import {
  FILE_META_MAX_CHARS,
  type FileDescription,
  type SealedFileMessage,
} from '../../../../protocol/files'
import type { ClientChat } from '../../../../protocol/frames'
import { encryptMessage } from '../room-crypto'

export interface FileMessage {
  clientId: string
  caption: string
  blob: string
  description: FileDescription
  replyTo?: number
  mentions?: string[]
  /** The message timer (`vanish_seconds`); absent: the room's default. */
  vanishSeconds?: number
}

const common = (m: FileMessage) => ({
  type: 'message' as const,
  client_id: m.clientId,
  ...(m.replyTo ? { reply_to: m.replyTo } : {}),
  ...(m.mentions?.length ? { mentions: m.mentions } : {}),
  ...(m.vanishSeconds !== undefined && { vanish_seconds: m.vanishSeconds }),
})

/** A plain room's file message: the server adds the "📎 name (size)" line for old clients. */
export function plainFileMessage(m: FileMessage): ClientChat {
  return { ...common(m), content: m.caption, file: { blob: m.blob, ...m.description } }
}

/**
 * The JSON sealed in an encrypted file message. The preview is left out when the
 * description would be longer than the server allows beside the caption.
 */
export function sealedFileText(m: FileMessage, key: string): string {
  const sealed: SealedFileMessage = {
    v: 1,
    text: m.caption,
    file: { blob: m.blob, key, ...m.description },
  }
  const text = JSON.stringify(sealed)
  if (text.length - JSON.stringify(m.caption).length <= FILE_META_MAX_CHARS) return text
  const { preview: _dropped, ...rest } = sealed.file
  return JSON.stringify({ ...sealed, file: rest })
}

/** An encrypted room's file message, sealed for `sender` like any text message. */
export async function sealedFileMessage(
  m: FileMessage,
  fileKey: string,
  roomKey: CryptoKey,
  ctx: { room: string; sender: string },
): Promise<ClientChat> {
  const envelope = await encryptMessage(
    roomKey,
    { ...ctx, replyTo: m.replyTo },
    sealedFileText(m, fileKey),
  )
  return { ...common(m), content: envelope, file: { blob: m.blob } }
}
