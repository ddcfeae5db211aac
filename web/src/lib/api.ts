/**
 * The server as the web app calls it: the REST API (`/api`), and where a room's chat socket
 * is. An unreachable server or a refusal comes back as a sentence to show the person (or
 * null, for the optional config), not thrown.
 */
import type { AccessCheckBody, CreatedRoom, PublicConfig, RoomInfo } from '../../../protocol/frames'
import type { InvitationState, PasswordKdf } from '../../../protocol/room-access'

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
  options: {
    encrypted: boolean
    ttlSeconds?: number
    keyCheck?: string
    /** A plain room's password. */
    password?: string
    /** An encrypted room's password: the derivation and the verifier, never the password. */
    passwordKdf?: PasswordKdf
    passwordCheck?: string
  } = { encrypted: true },
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
        ...(options.password !== undefined && { password: options.password }),
        ...(options.passwordKdf && { password_kdf: options.passwordKdf }),
        ...(options.passwordCheck && { password_check: options.passwordCheck }),
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

/** What the server said of a password: right, wrong (its words), or try again later (its words). */
export type AccessAnswer = { kind: 'ok' } | { kind: 'wrong' | 'error'; message: string }

/** `POST /api/rooms/{id}/access`: tries a password (or its verifier) before joining. */
export async function checkAccess(id: string, body: AccessCheckBody): Promise<AccessAnswer> {
  let res: Response
  try {
    res = await fetch(`/api/rooms/${encodeURIComponent(id)}/access`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  } catch {
    return { kind: 'error', message: 'Chatty could not be reached. Check your connection.' }
  }
  if (res.ok) return { kind: 'ok' }
  const message = (await readMessage(res)) ?? 'The password could not be checked. Try again.'
  return { kind: res.status === 403 ? 'wrong' : 'error', message }
}

/** `POST /api/rooms/{id}/invitation`: where an invitation stands (never spends it); null on failure. */
export async function invitationStatus(id: string, token: string): Promise<InvitationState | null> {
  try {
    const res = await fetch(`/api/rooms/${encodeURIComponent(id)}/invitation`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    })
    return res.ok ? ((await res.json()) as { state: InvitationState }).state : null
  } catch {
    return null
  }
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
