import type { StoredFrame } from '../../../protocol/frames'

/**
 * Adds `incoming` to `existing` by id: none doubled, ordered by id (the room's order).
 * Returns `existing` itself when nothing new arrived, so callers can skip a re-render.
 */
export function mergeById(
  existing: StoredFrame[],
  incoming: readonly StoredFrame[],
): StoredFrame[] {
  if (incoming.length === 0) return existing
  const seen = new Set(existing.map((m) => m.id))
  const fresh = incoming.filter((m) => {
    if (seen.has(m.id)) return false
    seen.add(m.id)
    return true
  })
  if (fresh.length === 0) return existing
  const lastId = existing.length ? existing[existing.length - 1]!.id : 0
  const merged = existing.concat(fresh)
  // Live frames arrive in order; only a rejoin's history can land in the middle.
  if (fresh.some((m) => m.id < lastId) || !isSorted(fresh)) merged.sort((a, b) => a.id - b.id)
  return merged
}

function isSorted(list: readonly StoredFrame[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1]!.id > list[i]!.id) return false
  return true
}

/**
 * Someone other than `myName` has been in the conversation: wrote, or joined or left.
 * One's own join notice is not conversation.
 */
export function othersTookPart(list: readonly StoredFrame[], myName: string): boolean {
  return list.some((m) => (m.type === 'message' ? m.sender : m.name) !== myName)
}

/**
 * How many of the latest messages a rejoin asks for again, besides what it missed: what was
 * deleted, edited, reacted to or vanished among them while this tab was away is then put
 * right (`resynced`). Older messages keep the state they had.
 */
export const RESYNC_WINDOW = 200

/** The `last_id` a rejoin sends: the id just before the latest `RESYNC_WINDOW` messages held. */
export function resyncAfter(list: readonly StoredFrame[]): number {
  return list.length > RESYNC_WINDOW ? list[list.length - RESYNC_WINDOW - 1]!.id : 0
}

/**
 * The messages after a rejoin's history: those held up to `after` as they were, then the
 * server's own copy of everything after it (a message held here that the server no longer
 * has was deleted or vanished; one it has in another state was edited or reacted to).
 */
export function resynced(
  held: readonly StoredFrame[],
  incoming: readonly StoredFrame[],
  after: number,
): StoredFrame[] {
  const kept = held.filter((m) => m.id <= after)
  return mergeById(kept, incoming)
}

export function highestId(list: readonly StoredFrame[]): number {
  return list.length ? list[list.length - 1]!.id : 0
}

/** A per-message id for matching the server's echo; randomUUID needs a secure context. */
export function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID()
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
}

/** Names the message mentions, as spelt in the member list. */
export function findMentions(content: string, names: readonly string[]): string[] {
  const lower = content.toLowerCase()
  return names.filter((n) => {
    const needle = `@${n.toLowerCase()}`
    let at = lower.indexOf(needle)
    while (at !== -1) {
      const before = at === 0 ? ' ' : lower[at - 1]!
      if (/\s|[([{"']/.test(before)) return true
      at = lower.indexOf(needle, at + 1)
    }
    return false
  })
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })

export function formatTime(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? '' : timeFormat.format(d)
}
