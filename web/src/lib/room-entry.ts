/**
 * What this browser knows, before any socket, about its way into a locked room. The server
 * lets in the host (creator token), a member taking its place back (resume token: a reload of
 * the tab that was inside), and a browser that was inside a moment ago (browser token, within
 * the server's lock grace). Only the last is uncertain: this browser remembers the rooms it
 * joined until they end, so it can offer to try.
 */
import { creatorToken } from './host-tokens'
import { resumeToken } from './resume-tokens'

const JOINED_KEY = 'chatty:joined'

/** Room id → epoch ms of the room's end. */
type Joined = Record<string, number>

function storage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

function readJoined(store: Storage, now: number): Joined {
  let all: Joined = {}
  try {
    const parsed = JSON.parse(store.getItem(JOINED_KEY) ?? '{}') as unknown
    if (parsed && typeof parsed === 'object') all = parsed as Joined
  } catch {
    // Unreadable: start over.
  }
  // Rooms whose time is up are forgotten.
  return Object.fromEntries(
    Object.entries(all).filter(([, end]) => typeof end === 'number' && end > now),
  )
}

/** This browser joined the room, which ends at `endsAt` (epoch ms). */
export function rememberJoined(roomId: string, endsAt: number, now = Date.now()): void {
  const store = storage()
  if (!store) return
  const joined = readJoined(store, now)
  joined[roomId] = endsAt
  store.setItem(JOINED_KEY, JSON.stringify(joined))
}

/** The room is over: nothing of it stays here. */
export function forgetJoined(roomId: string, now = Date.now()): void {
  const store = storage()
  if (!store) return
  const joined = readJoined(store, now)
  delete joined[roomId]
  store.setItem(JOINED_KEY, JSON.stringify(joined))
}

/**
 * How this browser stands before a locked room: `admitted` (the host, or this tab's own
 * place to take back), `was-member` (it was inside from this browser: the server lets it back
 * in shortly after it left), or `outside`.
 */
export type LockedEntry = 'admitted' | 'was-member' | 'outside'

/** Whether this browser joined the room before (so an invitation-only room lets it back in). */
export function wasInRoom(roomId: string, now = Date.now()): boolean {
  const store = storage()
  return Boolean(store && readJoined(store, now)[roomId])
}

export function lockedEntry(roomId: string, now = Date.now()): LockedEntry {
  if (creatorToken(roomId) || resumeToken(roomId)) return 'admitted'
  const store = storage()
  return store && readJoined(store, now)[roomId] ? 'was-member' : 'outside'
}
