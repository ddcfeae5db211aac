/**
 * Key checks: proof, kept by the server, that a key is a room's key. One versioned text
 * format, `<version>:<parts>`, whose version says who checks it and how:
 *
 *   "kc1:" + base64url(iv) + ":" + base64url(ciphertext)      sealed: the client checks
 *   "kc2:" + base64url(verifier)                              derived: the server checks
 *
 * - `kc1` (sealed): AES-GCM-256 of {@link KEY_CHECK_TEXT} (UTF-8) with the key being checked,
 *   a 12-byte IV (16 characters), the 16-byte tag appended (43 characters); additional data
 *   {@link keyCheckAdditionalData}. Anyone holding it can test a key, offline: right for the
 *   room key from the link (`purpose` "room"), which has 256 random bits and which a link
 *   holder has anyway. Made by the browser that creates an encrypted room, sent as
 *   `key_check` in `POST /api/rooms/` and returned in the room info, so a link with a wrong
 *   key is caught before joining.
 * - `kc2` (derived): 32 bytes of HKDF-SHA-256 over the key material the key itself is derived
 *   from, with info {@link keyCheckInfo} (`purpose` "password"), 43 characters. It proves the
 *   key without opening anything, so it is never published: the server keeps only a hash of
 *   it and compares what a joiner presents (rate-limited). Right for a key derived from a
 *   room password, where a published sealed check would let a link holder try passwords
 *   offline. The material mixes the link's room key in, so a copy of the server's hashes
 *   does not let anyone try passwords either.
 *
 * A client meeting a version it does not know ignores the check. Neither binds the room id:
 * the creating browser makes its checks before the server has chosen it. A server that
 * swaps checks between rooms only makes a right key look wrong (which it could do anyway by
 * refusing the room), never a wrong key look right.
 */
import { isCanonicalBase64url } from './envelope.js'

export const KEY_CHECK_VERSION = 'kc1'
export const KEY_CHECK_PREFIX = `${KEY_CHECK_VERSION}:`
/** The derived check's version. */
export const DERIVED_CHECK_VERSION = 'kc2'
export const DERIVED_CHECK_PREFIX = `${DERIVED_CHECK_VERSION}:`
/** The text a sealed key check seals. */
export const KEY_CHECK_TEXT = 'chatty key check'
/** 12-byte IV (16 chars) and 16 bytes of text plus a 16-byte tag (43 chars). */
export const KEY_CHECK_CHARS = KEY_CHECK_PREFIX.length + 16 + 1 + 43
export const KEY_CHECK_PATTERN = `^${KEY_CHECK_VERSION}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{43}$`
/** Bytes of a derived check's verifier. */
export const DERIVED_CHECK_BYTES = 32
export const DERIVED_CHECK_CHARS = DERIVED_CHECK_PREFIX.length + 43
export const DERIVED_CHECK_PATTERN = `^${DERIVED_CHECK_VERSION}:[A-Za-z0-9_-]{43}$`

/** What a key check proves: the link's room key, or the key a room password completes. */
export type KeyCheckPurpose = 'room' | 'password'

/** The additional data of a sealed (kc1) check, as text (encode as UTF-8). */
export function keyCheckAdditionalData(purpose: KeyCheckPurpose): string {
  return JSON.stringify([`chatty/${KEY_CHECK_VERSION}`, purpose])
}

/** The HKDF info of a derived (kc2) check, as text (encode as UTF-8). */
export function keyCheckInfo(purpose: KeyCheckPurpose): string {
  return JSON.stringify([`chatty/${DERIVED_CHECK_VERSION}`, purpose])
}

/** A key check, read: which version, and its base64url parts. */
export type ParsedKeyCheck =
  { version: 'kc1'; iv: string; ciphertext: string } | { version: 'kc2'; verifier: string }

/** A well-formed key check of either version, or null. Checks shape only. */
export function parseKeyCheck(check: string): ParsedKeyCheck | null {
  if (new RegExp(DERIVED_CHECK_PATTERN).test(check)) {
    const verifier = check.slice(DERIVED_CHECK_PREFIX.length)
    return isCanonicalBase64url(verifier) ? { version: 'kc2', verifier } : null
  }
  const sealed = splitKeyCheck(check)
  return sealed && { version: 'kc1', ...sealed }
}

/** The two base64url parts of a well-formed sealed (kc1) key check, or null. Checks shape only. */
export function splitKeyCheck(check: string): { iv: string; ciphertext: string } | null {
  if (!new RegExp(KEY_CHECK_PATTERN).test(check)) return null
  const [, iv, ciphertext] = check.split(':') as [string, string, string]
  if (!isCanonicalBase64url(iv) || !isCanonicalBase64url(ciphertext)) return null
  return { iv, ciphertext }
}
