/**
 * A room's frames in and out, by its kind: in an encrypted room (once `setKey` is called)
 * every frame is opened by the frame decryptor and everything written is sealed with the room
 * key; in a plain room frames are opened as they are (`openPlainFrame`) and text goes as typed.
 */
import type { ServerFrame, StoredFrame } from '../../../protocol/frames'
import { attachmentOf, openPlainFrame } from './files/open-file-message'
import { sealedFileText } from './files/file-message'
import { createFrameDecryptor, type FrameDecryptor, type OpenedMessage } from './frame-decryptor'
import { encryptMessage, encryptReaction } from './room-crypto'

export interface RoomCipher {
  /** The room key, in an encrypted room. */
  readonly key: CryptoKey | null
  setKey(key: CryptoKey): void
  /**
   * Hands `frame`, opened, to `deliver`, after every frame before it. `find`: a message as
   * the page holds it now.
   */
  open(
    frame: ServerFrame,
    deliver: (frame: ServerFrame) => void,
    find: (id: number) => StoredFrame | undefined,
  ): void
  /** A new message's content: its text, or its envelope for `sender` and its quote. */
  sealMessage(text: string, sender: string, replyTo?: number): Promise<string>
  /** An edit's content for `message`: sealed as the message was (its sender and quote). */
  sealEdit(message: OpenedMessage, text: string): Promise<string>
  /** A reaction as sent: the emoji, or its envelope for `sender` and the message. */
  sealReaction(messageId: number, sender: string, emoji: string): Promise<string>
}

export function createRoomCipher(roomId: string): RoomCipher {
  let key: CryptoKey | null = null
  let decryptor: FrameDecryptor | null = null

  return {
    get key() {
      return key
    },
    setKey(next) {
      key = next
      decryptor = createFrameDecryptor(next, roomId)
    },
    open(frame, deliver, find) {
      if (decryptor) decryptor.push(frame, deliver)
      else deliver(openPlainFrame(frame, find))
    },
    async sealMessage(text, sender, replyTo) {
      return key ? encryptMessage(key, { room: roomId, sender, replyTo }, text) : text
    },
    async sealEdit(message, text) {
      if (!key) return text
      const ctx = { room: roomId, sender: message.sender, replyTo: message.reply_to?.id }
      const file = attachmentOf(message)
      if (!file?.key) return encryptMessage(key, ctx, text)
      // A file message keeps its file: the same sealed description, with the new caption.
      const { blob, key: fileKey, ...description } = file
      const sealed = sealedFileText({ clientId: '', caption: text, blob, description }, fileKey)
      return encryptMessage(key, ctx, sealed)
    },
    async sealReaction(messageId, sender, emoji) {
      return key ? encryptReaction(key, { room: roomId, sender, messageId }, emoji) : emoji
    },
  }
}
