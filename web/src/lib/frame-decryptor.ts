/**
 * The step between the socket and the room state in an encrypted room: every `message` (live
 * or in `history`), every `edited` text and every reaction is opened with the room key before
 * anything else sees it, and reply quotes are drawn from this client's own decrypted copies
 * (the server has no excerpt to give).
 *
 * Decryption is asynchronous, so frames go through one queue: they come out in the order the
 * server sent them, and a `users` or `error` frame never overtakes the message before it.
 */
import type { EditedFrame, MessageFrame, ReplyQuote, ServerFrame } from '../../../protocol/frames'
import { DEFAULT_LIMITS } from '../../../protocol/limits'
import type { Attachment } from './files/attachment'
import { attachmentOf, fileMessageText, openSealedFile } from './files/open-file-message'
import { createReactionOpener, type ShownReaction } from './reactions'
import { decryptMessage } from './room-crypto'

/**
 * A message as shown: its text (a file message's caption) and its file, or `undecryptable`
 * with empty content and no file. Never ciphertext.
 */
export type OpenedMessage = Omit<MessageFrame, 'file' | 'reactions'> & {
  file?: Attachment
  undecryptable?: true
  reactions?: ShownReaction[]
}

/** An `edited` frame opened: the new text (a file message's new caption, and its file). */
export type OpenedEdit = EditedFrame & { file?: Attachment; undecryptable?: true }

/** What an opened message holds: its text and file; null when it did not open. */
type Shown = { content: string; file?: Attachment } | null

const EXCERPT_CHARS = DEFAULT_LIMITS.replyExcerptChars
export const QUOTE_UNDECRYPTABLE = 'Message could not be decrypted'
export const QUOTE_UNAVAILABLE = 'Earlier message not available'
export const QUOTE_DELETED = 'Deleted message'

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
  /** What each message's envelope is bound to, so that its edits open with the same. */
  const sealedAs = new Map<number, Pick<MessageFrame, 'sender' | 'reply_to' | 'file'>>()
  const reactions = createReactionOpener(key, roomId)
  let queue = Promise.resolve()

  async function decrypt(m: Pick<MessageFrame, 'sender' | 'reply_to' | 'file' | 'content'>) {
    const ctx = { room: roomId, sender: m.sender, replyTo: m.reply_to?.id }
    const text = await decryptMessage(key, ctx, m.content)
    if (text === null || !m.file) return text === null ? null : { content: text }
    // A file message: the envelope holds the sealed description, which must name this blob.
    const sealed = openSealedFile(text, m.file)
    return sealed && { content: sealed.caption, file: sealed.file }
  }

  async function read(m: MessageFrame): Promise<ShownReaction[] | undefined> {
    sealedAs.set(m.id, { sender: m.sender, reply_to: m.reply_to, file: m.file })
    const [shown, opened] = await Promise.all([
      decrypt(m),
      m.reactions && reactions.open(m.id, m.reactions),
    ])
    texts.set(m.id, shown)
    return opened
  }

  /** The new text of an edited message, sealed like the message was (same sender and quote). */
  async function edit(frame: EditedFrame): Promise<OpenedEdit> {
    const original = sealedAs.get(frame.message_id)
    const shown = original ? await decrypt({ ...original, content: frame.content }) : null
    texts.set(frame.message_id, shown)
    if (!shown) return { ...frame, content: '', undecryptable: true }
    return { ...frame, content: shown.content, ...(shown.file && { file: shown.file }) }
  }

  function quote(reply: ReplyQuote): ReplyQuote {
    if (reply.deleted) return { id: reply.id, sender: reply.sender, deleted: true }
    const shown = texts.get(reply.id)
    const text =
      shown === undefined
        ? QUOTE_UNAVAILABLE
        : shown === null
          ? QUOTE_UNDECRYPTABLE
          : excerpt(shown.file ? fileMessageText(shown.content, shown.file) : shown.content)
    return { id: reply.id, sender: reply.sender, excerpt: text }
  }

  function opened(m: MessageFrame, shownReactions?: ShownReaction[]): OpenedMessage {
    const shown = texts.get(m.id) ?? null
    // The frame's own `file` is only `{blob}`: the shown message carries the opened one or none.
    const { file: _sealed, reactions: _sealedReactions, ...rest } = m
    const out: OpenedMessage = { ...rest, content: shown?.content ?? '' }
    if (shown?.file) out.file = shown.file
    if (shown === null) out.undecryptable = true
    if (m.reply_to) out.reply_to = quote(m.reply_to)
    if (shownReactions?.length) out.reactions = shownReactions
    return out
  }

  async function open(frame: ServerFrame): Promise<ServerFrame> {
    switch (frame.type) {
      case 'message':
        return opened(frame, await read(frame)) as ServerFrame
      case 'history': {
        const messages = frame.messages.filter((m) => m.type === 'message')
        const shownReactions = new Map(
          await Promise.all(messages.map(async (m) => [m.id, await read(m)] as const)),
        )
        // Quotes are drawn after the whole batch is open: a reply may quote a message in it.
        return {
          ...frame,
          messages: frame.messages.map((m) =>
            m.type === 'message' ? (opened(m, shownReactions.get(m.id)) as MessageFrame) : m,
          ),
        }
      }
      case 'edited':
        return edit(frame)
      case 'reactions':
        return { ...frame, reactions: await reactions.open(frame.message_id, frame.reactions) }
      case 'deleted':
        texts.delete(frame.message_id)
        sealedAs.delete(frame.message_id)
        return frame
      default:
        return frame
    }
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

/** The start of a text, on one line, as a reply quotes it. */
export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat
}
