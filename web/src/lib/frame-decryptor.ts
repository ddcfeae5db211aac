/**
 * The step between the socket and the room state in an encrypted room: every `message` (live
 * or in `history`) is opened with the room key before anything else sees it, and reply quotes
 * are drawn from this client's own decrypted copies (the server has no excerpt to give).
 *
 * Decryption is asynchronous, so frames go through one queue: they come out in the order the
 * server sent them, and a `users` or `error` frame never overtakes the message before it.
 */
import type { MessageFrame, ReplyQuote, ServerFrame } from '../../../protocol/frames'
import { DEFAULT_LIMITS } from '../../../protocol/limits'
import type { Attachment } from './files/attachment'
import { attachmentOf, fileMessageText, openSealedFile } from './files/open-file-message'
import { decryptMessage } from './room-crypto'

/**
 * A message as shown: its text (a file message's caption) and its file, or `undecryptable`
 * with empty content and no file. Never ciphertext.
 */
export type OpenedMessage = Omit<MessageFrame, 'file'> & { file?: Attachment; undecryptable?: true }

/** What an opened message holds: its text and file; null when it did not open. */
type Shown = { content: string; file?: Attachment } | null

const EXCERPT_CHARS = DEFAULT_LIMITS.replyExcerptChars
export const QUOTE_UNDECRYPTABLE = 'Message could not be decrypted'
export const QUOTE_UNAVAILABLE = 'Earlier message not available'

/**
 * What a message says, to quote or announce it: its text (a file in a few words first), or that
 * it could not be opened.
 */
export function readableText(m: MessageFrame): string {
  if ((m as OpenedMessage).undecryptable) return QUOTE_UNDECRYPTABLE
  const file = attachmentOf(m)
  return file ? fileMessageText(m.content, file) : m.content
}

export interface FrameDecryptor {
  /** Hands `frame` to `deliver` once opened, after every frame pushed before it. */
  push(frame: ServerFrame, deliver: (frame: ServerFrame) => void): void
  /** Resolves when every frame pushed so far has been delivered. */
  idle(): Promise<void>
}

export function createFrameDecryptor(key: CryptoKey, roomId: string): FrameDecryptor {
  /** Opened messages by id (null: did not decrypt), for quotes. */
  const texts = new Map<number, Shown>()
  let queue = Promise.resolve()

  async function decrypt(m: MessageFrame): Promise<Shown> {
    const ctx = { room: roomId, sender: m.sender, replyTo: m.reply_to?.id }
    const text = await decryptMessage(key, ctx, m.content)
    if (text === null || !m.file) return text === null ? null : { content: text }
    // A file message: the envelope holds the sealed description, which must name this blob.
    const sealed = openSealedFile(text, m.file)
    return sealed && { content: sealed.caption, file: sealed.file }
  }

  function quote(reply: ReplyQuote): ReplyQuote {
    const shown = texts.get(reply.id)
    const excerpt =
      shown === undefined
        ? QUOTE_UNAVAILABLE
        : shown === null
          ? QUOTE_UNDECRYPTABLE
          : short(shown.file ? fileMessageText(shown.content, shown.file) : shown.content)
    return { id: reply.id, sender: reply.sender, excerpt }
  }

  function opened(m: MessageFrame): OpenedMessage {
    const shown = texts.get(m.id) ?? null
    // The frame's own `file` is only `{blob}`: the shown message carries the opened one or none.
    const { file: _sealed, ...rest } = m
    const out: OpenedMessage = { ...rest, content: shown?.content ?? '' }
    if (shown?.file) out.file = shown.file
    if (shown === null) out.undecryptable = true
    if (m.reply_to) out.reply_to = quote(m.reply_to)
    return out
  }

  async function open(frame: ServerFrame): Promise<ServerFrame> {
    if (frame.type === 'message') {
      texts.set(frame.id, await decrypt(frame))
      return opened(frame)
    }
    if (frame.type === 'history') {
      const messages = frame.messages.filter((m) => m.type === 'message')
      const plain = await Promise.all(messages.map(decrypt))
      messages.forEach((m, i) => texts.set(m.id, plain[i]!))
      // Quotes are drawn after the whole batch is open: a reply may quote a message in it.
      return {
        ...frame,
        messages: frame.messages.map((m) => (m.type === 'message' ? opened(m) : m)),
      }
    }
    return frame
  }

  return {
    push(frame, deliver) {
      queue = queue
        .then(async () => deliver(await open(frame)))
        .catch((err: unknown) => {
          // A bug in a handler must not stop every later frame from arriving.
          console.error('chatty: could not handle a frame', err)
        })
    },
    idle: () => queue,
  }
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat
}
