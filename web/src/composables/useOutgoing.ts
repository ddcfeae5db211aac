import { watch, type Ref } from 'vue'
import type { ClientFrame } from '../../../protocol/frames'
import type { RoomState } from '../lib/apply-frame'
import { tooLongText } from '../lib/errors'
import { findMentions } from '../lib/messages'
import type { RoomCipher } from '../lib/room-cipher'
import type { ConnectionState } from './useChatSocket'
import { useFileOutbox, type ChosenFile } from './useFileOutbox'
import { useOutbox } from './useOutbox'

export interface OutgoingOptions {
  roomId: string
  socket: {
    send(frame: ClientFrame): boolean
    state: Ref<ConnectionState>
    retry(): void
  }
  cipher: RoomCipher
  /** Messages may go out now: joined, history in, no rename under way. */
  ready: () => boolean
  /** The current connection's number: each sends a message once. */
  connection: () => number
  state: () => RoomState
  /** What to say under the input (null: nothing). */
  setError: (message: string | null) => void
}

/**
 * One's own messages on their way, text and files: queued, sealed in an encrypted room (for
 * the name this connection joined with), sent once per connection until the server's echo,
 * marked "not sent" when the connection is lost for good, retried or discarded by hand.
 */
export function useOutgoing(o: OutgoingOptions) {
  const outbox = useOutbox(o.socket.send)
  const files = useFileOutbox({
    roomId: o.roomId,
    send: o.socket.send,
    ready: o.ready,
    connection: o.connection,
    roomKey: () => o.cipher.key,
    sender: () => o.state().me?.name ?? '',
    maxFileBytes: () => o.state().limits.max_file_bytes,
    onError: o.setError,
  })
  const markUnsent = () => (outbox.markUnsent(), files.markUnsent())
  // The quick reconnects ran out: what is still on its way is "not sent", for the person to
  // retry or discard (the socket keeps trying slowly meanwhile).
  watch(o.socket.state, (s) => s === 'disconnected' && markUnsent())

  function flush() {
    if (!o.ready()) return
    files.flush()
    const on = o.connection()
    if (!o.cipher.key) return outbox.flush(on)
    // Bound to the name this connection joined with; a later connection seals it again.
    const sender = o.state().me?.name ?? ''
    outbox.flush(on, async (p) => {
      const envelope = await o.cipher.sealMessage(p.content, sender, p.reply_to)
      return on === o.connection() ? envelope : null
    })
  }

  /**
   * Queues and sends a message, or with files one message per file (the text as the first
   * one's caption), with the timer `vanish` if chosen; false (draft kept) when it cannot be
   * sent as is.
   */
  function send(
    content: string,
    replyTo?: number,
    attached: ChosenFile[] = [],
    vanish?: number,
  ): boolean {
    if (!content.trim() && !attached.length) return false
    const { limits, users, me } = o.state()
    if (content.length > limits.message_max_chars) {
      o.setError(tooLongText(limits.message_max_chars))
      return false
    }
    o.setError(null)
    const others = users.map((u) => u.name).filter((n) => n !== me?.name)
    const mentions = findMentions(content, others)
    if (attached.length) files.queue(attached, content.trim() && content, replyTo, mentions, vanish)
    else outbox.queue(content, replyTo, mentions, vanish)
    flush()
    if (o.socket.state.value === 'disconnected') markUnsent()
    return true
  }

  /** Retry on a "not sent" message: it goes out now, or with the reconnect this starts. */
  function retry(clientId: string) {
    outbox.resend(clientId)
    files.retry(clientId)
    if (o.socket.state.value === 'disconnected') o.socket.retry()
    else flush()
  }

  return {
    pending: outbox.pending,
    /** File messages on their way: progress, Cancel, or Retry and Discard. */
    pendingFiles: files.pending,
    send,
    flush,
    retry,
    discard: (clientId: string) => (outbox.discard(clientId), files.discard(clientId)),
    /** The server stored it: it leaves the outbox. */
    confirm: (clientId: string) => (files.confirm(clientId), outbox.confirm(clientId)),
    /** Marks one message (by its client_id), or every one on its way, "not sent". */
    markUnsent: (clientId?: string) => (clientId ? outbox.markUnsent(clientId) : markUnsent()),
    /** The oldest text message in flight on `connection`, which a refusal is about: taken back. */
    takeRefused: (connection: number) => outbox.takeRefused(connection),
    /** The frames about file uploads; true when `frame` was one. */
    handle: files.handle,
  }
}
