/**
 * What happens to a stored message after it was sent: deleted (by its author, the host or its
 * timer), its text replaced, its reactions changed. Each change rewrites the stored history
 * at once, quotes of the message included, and publishes its event to the room, so a member
 * joining later gets the history as it is now, never what was taken back.
 */
import type { MessageFrame, ReplyQuote, ServerFrame, StoredFrame } from '../../../protocol/index.js'

export interface MessageEdits {
  /**
   * Deletes message `id` and turns every stored quote of it into a quote of a deleted message;
   * publishes `event`. The message as it was, or null when it is not in the room.
   */
  remove(roomId: string, id: number, event: ServerFrame): Promise<StoredFrame | null>

  /**
   * Replaces message `id` with `change(message)` atomically (read again and retried when
   * another change came first); `change` may throw to refuse. `quote`, when given, says what
   * the replies to it now quote. Publishes `event(new message)`. Null when the message is not
   * in the room.
   */
  update(
    roomId: string,
    id: number,
    change: (message: MessageFrame) => MessageFrame,
    event: (message: MessageFrame) => ServerFrame,
    quote?: (message: MessageFrame) => ReplyQuote,
  ): Promise<MessageFrame | null>
}

/** What a reply quotes once the quoted message is deleted: who wrote it, and that it is gone. */
export function deletedQuote(quote: ReplyQuote): ReplyQuote {
  return { id: quote.id, sender: quote.sender, deleted: true }
}

/**
 * The frames of `later` that quote message `id`, rewritten with `quote` (or as deleted): what
 * a change of message `id` does to the rest of the history.
 */
export function requoted(
  later: readonly StoredFrame[],
  id: number,
  quote: ReplyQuote | null,
): { before: StoredFrame; after: StoredFrame }[] {
  const out: { before: StoredFrame; after: StoredFrame }[] = []
  for (const frame of later) {
    if (frame.type !== 'message' || frame.reply_to?.id !== id) continue
    const reply_to = quote ?? deletedQuote(frame.reply_to)
    out.push({ before: frame, after: { ...frame, reply_to } })
  }
  return out
}
