import { ref } from 'vue'
import type { ClientChat } from '../../../protocol/frames'
import { newClientId } from '../lib/messages'

/** A message this person sent that the server has not echoed back yet. */
export interface PendingMessage {
  client_id: string
  content: string
  reply_to?: number
  mentions?: string[]
  /** The message timer chosen in the composer; absent: the room's default. */
  vanish_seconds?: number
  timestamp: string
  /** The connection it was last sent on; 0 while queued. Each connection sends it once. */
  sentOn: number
  /**
   * Marked "not sent" when the connection was lost for good: it waits for the person's Retry
   * (or Discard) instead of going out by itself, maybe long after, once the server is back.
   */
  unsent?: boolean
}

/**
 * What goes on the wire for a message's text: its envelope in an encrypted room, or null when
 * the connection it was sealed for is gone (the next connection seals it again).
 */
export type Sealer = (message: PendingMessage) => Promise<string | null>

/**
 * Messages on their way: queued until the room is ready, sent once per connection, and
 * dropped when the server's echo (or a rejoin's history) carries their `client_id`.
 * Nothing typed is lost to a reconnect, and nothing is sent twice on one connection.
 */
export function useOutbox(send: (frame: ClientChat) => boolean) {
  const pending = ref<PendingMessage[]>([])
  /** Sealing is asynchronous; one chain keeps sealed messages going out in queue order. */
  let sealing = Promise.resolve()

  function queue(content: string, replyTo?: number, mentions: string[] = [], vanish?: number) {
    pending.value.push({
      client_id: newClientId(),
      content,
      ...(replyTo ? { reply_to: replyTo } : {}),
      ...(mentions.length ? { mentions } : {}),
      ...(vanish !== undefined && { vanish_seconds: vanish }),
      timestamp: new Date().toISOString(),
      sentOn: 0,
    })
  }

  const frame = (p: PendingMessage, content: string): ClientChat => ({
    type: 'message',
    content,
    client_id: p.client_id,
    ...(p.reply_to ? { reply_to: p.reply_to } : {}),
    ...(p.mentions?.length ? { mentions: p.mentions } : {}),
    ...(p.vanish_seconds !== undefined && { vanish_seconds: p.vanish_seconds }),
  })

  /** Sends what connection `connection` has not sent yet, through `seal` when given. */
  function flush(connection: number, seal?: Sealer) {
    for (const p of pending.value) {
      if (p.sentOn === connection || p.unsent) continue
      if (!seal) {
        if (send(frame(p, p.content))) p.sentOn = connection
        continue
      }
      // Claimed now, sent once sealed, so a second flush on this connection cannot send it twice.
      p.sentOn = connection
      sealing = sealing
        .then(async () => {
          const content = await seal(p)
          if (content === null || !pending.value.includes(p)) return
          if (!send(frame(p, content))) p.sentOn = 0
        })
        .catch((err: unknown) => {
          p.sentOn = 0
          console.error('chatty: could not encrypt a message', err)
        })
    }
  }

  /** Marks one message (by its client_id), or every one still on its way, "not sent". */
  function markUnsent(clientId?: string) {
    for (const p of pending.value) if (!clientId || p.client_id === clientId) p.unsent = true
  }

  /** Retry: the message goes out again with the next flush (on any connection). */
  function resend(clientId: string) {
    const p = pending.value.find((m) => m.client_id === clientId)
    if (p) {
      p.unsent = false
      p.sentOn = 0
    }
  }

  function confirm(clientId: string) {
    const i = pending.value.findIndex((p) => p.client_id === clientId)
    if (i !== -1) pending.value.splice(i, 1)
  }

  /**
   * Takes back the message a refusal is about. The server answers frames in order, so it is
   * the oldest one in flight on `connection`.
   */
  function takeRefused(connection: number): PendingMessage | undefined {
    const i = pending.value.findIndex((p) => p.sentOn === connection)
    return i === -1 ? undefined : pending.value.splice(i, 1)[0]
  }

  return { pending, queue, flush, confirm, takeRefused, markUnsent, resend, discard: confirm }
}

export type Outbox = ReturnType<typeof useOutbox>
