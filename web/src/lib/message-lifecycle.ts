/**
 * What happens to a message already on the page (`deleted`, `edited`, `reactions` frames,
 * opened first: see `frame-decryptor.ts`), as pure changes of the message list. Each returns
 * the list itself when the message is not in it, so nothing re-renders for nothing.
 */
import type { MessageFrame, ReplyQuote, StoredFrame } from '../../../protocol/frames'
import { excerpt, readableText, type OpenedEdit, type OpenedMessage } from './frame-decryptor'
import type { ShownReaction } from './reactions'

/** What a reply quotes of `message`: its sender and the start of its text as it is now. */
export function quoteOf(message: MessageFrame): ReplyQuote {
  return { id: message.id, sender: message.sender, excerpt: excerpt(readableText(message)) }
}

/** `messages` with every reply to message `id` quoting `quote` instead. */
function requote(messages: StoredFrame[], id: number, quote: ReplyQuote): StoredFrame[] {
  return messages.map((m) =>
    m.type === 'message' && m.reply_to?.id === id && !m.reply_to.deleted
      ? { ...m, reply_to: quote }
      : m,
  )
}

/** Message `id` gone; replies to it now quote a deleted message (who wrote it, nothing of it). */
export function withoutMessage(messages: StoredFrame[], id: number): StoredFrame[] {
  const gone = messages.find((m) => m.id === id)
  if (gone?.type !== 'message') return messages
  const rest = messages.filter((m) => m !== gone)
  return requote(rest, id, { id, sender: gone.sender, deleted: true })
}

/** Message `edit.message_id` with its new text, marked edited; replies quote the new text. */
export function withEdit(messages: StoredFrame[], edit: OpenedEdit): StoredFrame[] {
  const i = messages.findIndex((m) => m.id === edit.message_id)
  const old = messages[i]
  if (old?.type !== 'message') return messages
  const { undecryptable: _was, ...rest } = old as OpenedMessage
  const next: OpenedMessage = { ...rest, content: edit.content, edited_at: edit.edited_at }
  if (edit.file) next.file = edit.file
  if (edit.undecryptable) next.undecryptable = true
  const updated = next as MessageFrame
  const out = messages.slice()
  out[i] = updated
  return requote(out, updated.id, quoteOf(updated))
}

/** Message `id` with its whole new list of reactions. */
export function withReactions(
  messages: StoredFrame[],
  id: number,
  reactions: ShownReaction[],
): StoredFrame[] {
  const i = messages.findIndex((m) => m.id === id)
  const old = messages[i]
  if (old?.type !== 'message') return messages
  const out = messages.slice()
  const { reactions: _old, ...rest } = old
  out[i] = reactions.length ? { ...rest, reactions } : rest
  return out
}

/** The vanishing messages whose deadline (by the server's clock, `now`) has passed. */
export function vanished(messages: readonly StoredFrame[], now: number): number[] {
  return messages
    .filter((m) => m.type === 'message' && m.expires_at && Date.parse(m.expires_at) <= now)
    .map((m) => m.id)
}

/** The earliest deadline of a vanishing message (by the server's clock), or null. */
export function nextVanishing(messages: readonly StoredFrame[]): number | null {
  let next: number | null = null
  for (const m of messages) {
    if (m.type !== 'message' || !m.expires_at) continue
    const at = Date.parse(m.expires_at)
    if (!Number.isNaN(at) && (next === null || at < next)) next = at
  }
  return next
}
