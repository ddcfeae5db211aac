/**
 * The secrets this browser keeps for rooms: the creator token of each room it made (host
 * powers; never in a link, gone when the room is), and one random browser token that the
 * server hashes to keep a removed browser out and let a dropped member back into a locked
 * room.
 */
import { toBase64url } from './base64url'

const HOST_PREFIX = 'chatty:host:'
const BROWSER_KEY = 'chatty:browser'

interface Stored {
  token: string
  /** Epoch ms: the entry is dropped once the room is over anyway. */
  expiresAt: number
}

function storage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

/** Drops the entries of rooms whose time is up. */
function prune(store: Storage, now = Date.now()): void {
  for (let i = store.length - 1; i >= 0; i--) {
    const key = store.key(i)
    if (!key?.startsWith(HOST_PREFIX)) continue
    try {
      const entry = JSON.parse(store.getItem(key) ?? '') as Stored
      if (!(entry.expiresAt > now)) store.removeItem(key)
    } catch {
      store.removeItem(key)
    }
  }
}

export function rememberCreatorToken(roomId: string, token: string, expiresAt: number): void {
  const store = storage()
  if (!store) return
  prune(store)
  store.setItem(HOST_PREFIX + roomId, JSON.stringify({ token, expiresAt } satisfies Stored))
}

export function creatorToken(roomId: string): string | undefined {
  const store = storage()
  if (!store) return undefined
  prune(store)
  try {
    return (JSON.parse(store.getItem(HOST_PREFIX + roomId) ?? 'null') as Stored | null)?.token
  } catch {
    return undefined
  }
}

/** The room ended (closed, expired, gone): nothing of it stays here. */
export function forgetCreatorToken(roomId: string): void {
  storage()?.removeItem(HOST_PREFIX + roomId)
}

/** This browser's token (128 random bits), made on first use. */
export function browserToken(): string | undefined {
  const store = storage()
  if (!store) return undefined
  let token = store.getItem(BROWSER_KEY)
  if (!token) {
    token = toBase64url(crypto.getRandomValues(new Uint8Array(16)))
    store.setItem(BROWSER_KEY, token)
  }
  return token
}
