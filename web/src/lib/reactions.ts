/**
 * Reactions as the page holds and shows them. A plain room's reaction is its emoji; an
 * encrypted room's is an envelope of it (`protocol/envelope.ts`, `reactionAdditionalData`),
 * opened here with the room key for the member the server says reacted. What does not open,
 * or opens to anything but one emoji, is not shown.
 */
import type { Reaction } from '../../../protocol/frames'
import { isReactionEmoji } from '../../../protocol/reactions'
import { decryptReaction } from './room-crypto'

/** The quick row under every message's React button. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const

/**
 * A reaction on the page: `reaction` is the emoji. In an encrypted room `wire` is the envelope
 * as the server stores it, which is what its member sends back to take it away.
 */
export interface ShownReaction extends Reaction {
  wire?: string
}

/** One emoji under a message: how many gave it, who, and whether this member is among them. */
export interface ReactionGroup {
  emoji: string
  count: number
  senders: string[]
  mine: boolean
}

/** The reactions of a message, one group per emoji, in the order each was first given. */
export function groupReactions(
  reactions: readonly ShownReaction[] | undefined,
  myName: string | undefined,
): ReactionGroup[] {
  const groups = new Map<string, ReactionGroup>()
  for (const r of reactions ?? []) {
    const group = groups.get(r.reaction) ?? {
      emoji: r.reaction,
      count: 0,
      senders: [],
      mine: false,
    }
    group.count += 1
    group.senders.push(r.sender)
    if (r.sender === myName) group.mine = true
    groups.set(r.reaction, group)
  }
  return [...groups.values()]
}

/** What to send for this member's own `emoji` on a message: to take it back, if given. */
export function ownReaction(
  reactions: readonly ShownReaction[] | undefined,
  myName: string | undefined,
  emoji: string,
): ShownReaction | undefined {
  return reactions?.find((r) => r.sender === myName && r.reaction === emoji)
}

export interface ReactionOpener {
  /** The reactions of message `messageId`, opened; those that do not open are left out. */
  open(messageId: number, reactions: readonly Reaction[] | undefined): Promise<ShownReaction[]>
}

/**
 * Opens an encrypted room's reaction envelopes. Every change sends a message's whole list
 * again, so what was opened once is remembered (by message, member and envelope).
 */
export function createReactionOpener(key: CryptoKey, room: string): ReactionOpener {
  const opened = new Map<string, string | null>()

  async function openOne(messageId: number, r: Reaction): Promise<ShownReaction | null> {
    const id = `${messageId}\u0000${r.sender}\u0000${r.reaction}`
    let emoji = opened.get(id)
    if (emoji === undefined) {
      const text = await decryptReaction(key, { room, sender: r.sender, messageId }, r.reaction)
      emoji = text !== null && isReactionEmoji(text) ? text : null
      opened.set(id, emoji)
    }
    return emoji === null ? null : { sender: r.sender, reaction: emoji, wire: r.reaction }
  }

  return {
    async open(messageId, reactions) {
      const all = await Promise.all((reactions ?? []).map((r) => openOne(messageId, r)))
      return all.filter((r): r is ShownReaction => r !== null)
    },
  }
}
