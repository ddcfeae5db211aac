/**
 * The server as the web app calls it: the REST API (`/api`), and where a room's chat socket
 * is. An unreachable server or a refusal comes back as a sentence to show the person (or
 * null, for the optional config), not thrown.
 */
import type { CreatedRoom, PublicConfig, RoomInfo } from '../../../protocol/frames'

export type RoomLookup =
  | { kind: 'ok'; room: RoomInfo; receivedAt: number }
  | { kind: 'not-found' }
  | { kind: 'error'; message: string }

async function readMessage(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.json()) as { message?: unknown }
    return typeof body.message === 'string' ? body.message : undefined
  } catch {
    return undefined
  }
}

/**
 * `POST /api/rooms/`: a new room, or a sentence to show when it could not be made: the
 * server's `message` (a 429 says when to try again), or ours when it could not be reached.
 */
export async function createRoom(
  options: { encrypted: boolean; ttlSeconds?: number; keyCheck?: string } = { encrypted: true },
): Promise<{ room: CreatedRoom } | { error: string }> {
  let res: Response
  try {
    res = await fetch('/api/rooms/', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({
        encrypted: options.encrypted,
        ...(options.ttlSeconds !== undefined && { ttl_seconds: options.ttlSeconds }),
        ...(options.keyCheck !== undefined && { key_check: options.keyCheck }),
      }),
    })
  } catch {
    return { error: 'Chatty could not be reached. Check your connection and try again.' }
  }
  if (res.status === 201 || res.ok) return { room: (await res.json()) as CreatedRoom }
  return { error: (await readMessage(res)) ?? 'The room could not be created. Please try again.' }
}

/** `GET /api/rooms/{id}`: whether the room exists and how long it has left. */
export async function fetchRoom(id: string): Promise<RoomLookup> {
  let res: Response
  try {
    res = await fetch(`/api/rooms/${encodeURIComponent(id)}`, {
      headers: { accept: 'application/json' },
    })
  } catch {
    return { kind: 'error', message: 'Chatty could not be reached. Check your connection.' }
  }
  if (res.status === 404) return { kind: 'not-found' }
  if (!res.ok) {
    return { kind: 'error', message: (await readMessage(res)) ?? 'Something went wrong.' }
  }
  return { kind: 'ok', room: (await res.json()) as RoomInfo, receivedAt: Date.now() }
}

/** `GET /api/config`: the lifetimes a new room may have; null when it cannot be read. */
export async function fetchConfig(): Promise<PublicConfig | null> {
  try {
    const res = await fetch('/api/config', { headers: { accept: 'application/json' } })
    return res.ok ? ((await res.json()) as PublicConfig) : null
  } catch {
    return null
  }
}

/** `/ws/{id}` on this page's host: the room's chat socket (wss on an https page). */
export function roomSocketUrl(id: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/ws/${encodeURIComponent(id)}`
}
