/**
 * The conversation as rows to draw: messages (grouped when one person writes several in a
 * row), notices, the browser's own expiry warnings, the unread divider, and one's own
 * messages still on their way at the end.
 */
import type {
  Member,
  MessageFrame,
  ReplyQuote,
  StoredFrame,
  SystemFrame,
} from '../../../protocol/frames'
import { DEFAULT_LIMITS } from '../../../protocol/limits'
import type { ExpiryWarning } from '../composables/useExpiryWarnings'
import type { PendingMessage } from '../composables/useOutbox'
import type { Attachment } from './files/attachment'
import { attachmentOf } from './files/open-file-message'
import { readableText } from './frame-decryptor'
import type { ShownReaction } from './reactions'

/** What a bubble needs; a stored message, or a pending one before the server confirms it. */
export type ChatMessageView = Pick<
  MessageFrame,
  'sender' | 'avatar' | 'content' | 'timestamp' | 'mentions' | 'reply_to' | 'edited_at'
> & {
  id: number | null
  /** Did not decrypt with this link's key: shown as a placeholder, never as its content. */
  undecryptable?: true
  /** A file message's file (opened); `content` is then its caption, which may be empty. */
  file?: Attachment
  reactions?: ShownReaction[]
  /** A vanishing message: when it goes, on this device's clock (ms). */
  vanishAt?: number
}

const GROUP_WINDOW_MS = 5 * 60 * 1000

export type Row =
  | { key: string; kind: 'system'; frame: SystemFrame }
  | { key: string; kind: 'warning'; warning: ExpiryWarning }
  | { key: string; kind: 'divider' }
  | {
      key: string
      kind: 'chat'
      view: ChatMessageView
      own: boolean
      grouped: boolean
      pending: boolean
      /** Pending ones: their client_id, and whether they are marked "not sent". */
      clientId?: string
      unsent?: boolean
    }

export interface RowsInput {
  messages: readonly StoredFrame[]
  pending: readonly PendingMessage[]
  me: Member | null
  warnings: readonly ExpiryWarning[]
  /** The message the unread divider stands before, if any. */
  dividerId: number | null
  /** The server's clock minus this device's (ms): when vanishing messages go, here. */
  clockOffset: number
}

const excerptOf = (quoted: StoredFrame) =>
  readableText(quoted as Extract<StoredFrame, { type: 'message' }>).slice(
    0,
    DEFAULT_LIMITS.replyExcerptChars,
  )

export function messageRows(input: RowsInput): Row[] {
  const { me } = input
  const out: Row[] = []
  const byId = new Map(input.messages.map((m) => [m.id, m]))
  // A quoted file reads "📷 Photo" or "📎 name" here, whatever the server's excerpt says.
  const fileQuote = (reply: ReplyQuote): ReplyQuote => {
    const quoted = byId.get(reply.id)
    if (reply.deleted || quoted?.type !== 'message' || !attachmentOf(quoted)) return reply
    return { ...reply, excerpt: excerptOf(quoted) }
  }
  let prev: { sender: string; at: number } | null = null
  const push = (view: ChatMessageView, key: string, pending?: PendingMessage) => {
    const at = Date.parse(view.timestamp)
    const grouped =
      !!prev && prev.sender === view.sender && at - prev.at < GROUP_WINDOW_MS && !view.reply_to
    const own = view.sender === me?.name
    out.push({ key, kind: 'chat', view, own, grouped, pending: !!pending })
    if (pending) {
      Object.assign(out.at(-1)!, { clientId: pending.client_id, unsent: !!pending.unsent })
    }
    prev = { sender: view.sender, at }
  }
  const warnings = [...input.warnings].sort((a, b) => a.afterId - b.afterId)
  let w = 0
  const warnUpTo = (id: number) => {
    for (; w < warnings.length && warnings[w]!.afterId < id; w++) {
      out.push({ key: warnings[w]!.key, kind: 'warning', warning: warnings[w]! })
      prev = null
    }
  }
  for (const m of input.messages) {
    // One's own arrival line comes first: a warning made as one arrived follows it.
    if (!(m.type === 'system' && m.event === 'join' && m.name === me?.name)) warnUpTo(m.id)
    if (m.id === input.dividerId) {
      out.push({ key: 'unread-divider', kind: 'divider' })
      prev = null
    }
    if (m.type === 'system') {
      out.push({ key: `m${m.id}`, kind: 'system', frame: m })
      prev = null
    } else {
      const reply_to = m.reply_to && fileQuote(m.reply_to)
      const vanishAt = m.expires_at ? Date.parse(m.expires_at) - input.clockOffset : undefined
      push({ ...m, file: attachmentOf(m), reply_to, vanishAt }, `m${m.id}`)
    }
  }
  warnUpTo(Infinity)
  for (const p of input.pending) {
    const quoted = p.reply_to ? byId.get(p.reply_to) : undefined
    push(
      {
        id: null,
        sender: me?.name ?? '',
        avatar: me?.avatar ?? '',
        content: p.content,
        timestamp: p.timestamp,
        mentions: p.mentions,
        reply_to:
          quoted && quoted.type === 'message'
            ? { id: quoted.id, sender: quoted.sender, excerpt: excerptOf(quoted) }
            : undefined,
      },
      `p${p.client_id}`,
      p,
    )
  }
  return out
}
