/**
 * A key check: proof, kept by the server, that a key is a room's key, which only that key
 * can open. Made once by the browser that creates an encrypted room and sent as `key_check`
 * in `POST /api/rooms/`; the room info (`GET /api/rooms/{id}`) carries it, so a link with a
 * wrong key is caught before joining instead of joining and reading nothing.
 *
 *   "kc1:" + base64url(iv) + ":" + base64url(ciphertext)
 *
 * - `kc1`: the format version (a client meeting another one ignores the check).
 * - `iv`: 12 random bytes, 16 base64url characters.
 * - `ciphertext`: AES-GCM-256 of {@link KEY_CHECK_TEXT} (UTF-8) with the key being checked,
 *   the 16-byte tag appended; additional data {@link keyCheckAdditionalData} binds what the
 *   key is for (`purpose`). Not the room id: the creating browser makes the check before the
 *   server has chosen it. A server that swaps checks between rooms only makes a right key look
 *   wrong (which it could do anyway by refusing the room), never a wrong key look right.
 *
 * The same format checks any AES-GCM-256 key: the room key from the link (`purpose` "room")
 * and, later, a key derived from a room password. The server stores it as opaque text and
 * learns nothing of the key from it.
 */
import { isCanonicalBase64url } from './envelope.js'

export const KEY_CHECK_VERSION = 'kc1'
export const KEY_CHECK_PREFIX = `${KEY_CHECK_VERSION}:`
/** The text a key check seals. */
export const KEY_CHECK_TEXT = 'chatty key check'
/** 12-byte IV (16 chars) and 16 bytes of text plus a 16-byte tag (43 chars). */
export const KEY_CHECK_CHARS = KEY_CHECK_PREFIX.length + 16 + 1 + 43
export const KEY_CHECK_PATTERN = `^${KEY_CHECK_VERSION}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{43}$`

export type KeyCheckPurpose = 'room'

/** The additional data of a key check, as text (encode as UTF-8). */
export function keyCheckAdditionalData(purpose: KeyCheckPurpose): string {
  return JSON.stringify([`chatty/${KEY_CHECK_VERSION}`, purpose])
}

/** The two base64url parts of a well-formed key check, or null. Checks shape only. */
export function splitKeyCheck(check: string): { iv: string; ciphertext: string } | null {
  if (!new RegExp(KEY_CHECK_PATTERN).test(check)) return null
  const [, iv, ciphertext] = check.split(':') as [string, string, string]
  if (!isCanonicalBase64url(iv) || !isCanonicalBase64url(ciphertext)) return null
  return { iv, ciphertext }
}
