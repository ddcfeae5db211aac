/**
 * Who may come into a room besides a link holder: a room password, and single-use
 * invitations. Constants and pure helpers shared by server and web (no validator).
 *
 * **A room password.** In a plain room the server checks it: the creator sends it once
 * (`password` in `POST /api/rooms/`), the server keeps a memory-hard hash of it (scrypt) with
 * the room, and a joiner sends it in its `join`. In an encrypted room the server never sees
 * it: the browser derives a key from it,
 *
 *   pw   = Argon2id(password (NFC, UTF-8), salt, memory, iterations, parallelism) → 32 bytes
 *   ikm  = roomKeyFromLink (32 bytes) ‖ pw
 *   key  = HKDF-SHA-256(ikm, salt, info {@link PASSWORD_ROOM_KEY_INFO}) → the AES-GCM-256 room key
 *   kc2  = HKDF-SHA-256(ikm, salt, info keyCheckInfo("password")) → the verifier (`key-check.ts`)
 *
 * so the link alone decrypts nothing and the password alone neither. The room info publishes
 * the salt and the cost (`password.kdf`); the creator sends the verifier once
 * (`password_check`), the server keeps only a hash of it, and a joiner presents it in its
 * `join` (`password_check`). A link holder without the password gets no member list, no
 * history and no ciphertext: only online guesses, rate-limited per address and per room.
 *
 * **Invitations.** The host makes one for one person; its token (192 random bits) travels in
 * the link's fragment after the key, `/room/<id>#<key>&invite=<token>` (`#invite=<token>` in a
 * plain room), so no request, log or link preview ever carries it. It admits one new member,
 * once, spent by the join that presents it; a page opening the link only asks for its state.
 */

/** Longest room password, in characters. */
export const PASSWORD_MAX_CHARS = 256

/** The HKDF info of a password room's message key (see above). */
export const PASSWORD_ROOM_KEY_INFO = 'chatty/room-key/pw1'

/** The one KDF a password room's browser runs. */
export const PASSWORD_KDF_NAME = 'argon2id'

/**
 * Argon2id's cost for a new room: 64 MiB, 3 passes, one lane (RFC 9106's second choice, with
 * one lane because WebAssembly runs on one thread). About 0.5 s in Chromium on a server core,
 * 1.5 to 2.5 s on a mid-range phone, once per room and tab (see docs/privacy.md).
 */
export const PASSWORD_KDF_DEFAULTS = { memory_kib: 65536, iterations: 3, parallelism: 1 } as const

/**
 * What a browser accepts from a room's info: never less than OWASP's floor for Argon2id
 * (19 MiB, 2 passes), never more than a phone can give (256 MiB).
 */
export const PASSWORD_KDF_BOUNDS = {
  memory_kib: { min: 19456, max: 262144 },
  iterations: { min: 2, max: 10 },
  parallelism: { min: 1, max: 4 },
} as const

/** Salt: 16 random bytes, 22 base64url characters. */
export const PASSWORD_SALT_PATTERN = '^[A-Za-z0-9_-]{22}$'

/** How the browser derives a password room's key: what `password.kdf` in the room info says. */
export interface PasswordKdf {
  name: typeof PASSWORD_KDF_NAME
  salt: string
  memory_kib: number
  iterations: number
  parallelism: number
}

/** Whether a KDF description is one a browser should run (known, within bounds). */
export function isAcceptableKdf(kdf: PasswordKdf): boolean {
  if (kdf.name !== PASSWORD_KDF_NAME || !new RegExp(PASSWORD_SALT_PATTERN).test(kdf.salt)) {
    return false
  }
  return (['memory_kib', 'iterations', 'parallelism'] as const).every((field) => {
    const { min, max } = PASSWORD_KDF_BOUNDS[field]
    const value = kdf[field]
    return Number.isInteger(value) && value >= min && value <= max
  })
}

/** An invitation's token: 192 random bits, 32 base64url characters. */
export const INVITATION_TOKEN_PATTERN = '^[A-Za-z0-9_-]{32}$'
/** The longest label a host may give an invitation. */
export const INVITATION_LABEL_MAX_CHARS = 60
/** Open invitations a room may have at once; it keeps at most ten times as many in all (used and revoked ones too). */
export const MAX_OPEN_INVITATIONS = 50
export const MAX_KEPT_INVITATIONS = MAX_OPEN_INVITATIONS * 10

/** Where an invitation stands: `invalid` when the token names no invitation of the room. */
export type InvitationState = 'open' | 'used' | 'revoked' | 'invalid'

/** The fragment of a room link: the room key and an invitation token, each when present. */
export interface RoomFragment {
  key: string | null
  invite: string | null
}

/** `#<key>`, `#<key>&invite=<token>`, `#invite=<token>`: what a room link's fragment holds. */
export function parseRoomFragment(hash: string): RoomFragment {
  const text = hash.startsWith('#') ? hash.slice(1) : hash
  let key: string | null = null
  let invite: string | null = null
  for (const part of text.split('&')) {
    if (part.startsWith('invite=')) {
      const token = part.slice('invite='.length)
      if (new RegExp(INVITATION_TOKEN_PATTERN).test(token)) invite = token
    } else if (part !== '' && key === null) {
      key = part
    }
  }
  return { key, invite }
}

/** The fragment for a key and an invitation (either may be absent), with its `#`, or ''. */
export function roomFragment({ key, invite }: RoomFragment): string {
  const parts = [key, invite && `invite=${invite}`].filter(Boolean)
  return parts.length ? `#${parts.join('&')}` : ''
}
