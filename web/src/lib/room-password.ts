/**
 * A room password in the browser (`protocol/room-access.ts`). In an encrypted room the
 * password never leaves the page: Argon2id (hash-wasm, WebAssembly) turns it into 32 bytes,
 * which HKDF mixes with the link's room key into the room's real key and into the verifier the
 * server checks (`kc2`). In a plain room the password itself is what the server checks.
 *
 * What this tab keeps to come back after a reload (`access-secrets.ts`) is the Argon2id output,
 * not the password, so a reload costs no second Argon2id run.
 */
import {
  DERIVED_CHECK_BYTES,
  DERIVED_CHECK_PREFIX,
  keyCheckInfo,
} from '../../../protocol/key-check'
import {
  PASSWORD_KDF_DEFAULTS,
  PASSWORD_KDF_NAME,
  PASSWORD_ROOM_KEY_INFO,
  isAcceptableKdf,
  type PasswordKdf,
} from '../../../protocol/room-access'
import { fromBase64url, toBase64url } from './base64url'

const utf8 = new TextEncoder()

/** The KDF description of a new password room: a fresh salt, the default cost. */
export function newPasswordKdf(): PasswordKdf {
  const salt = toBase64url(crypto.getRandomValues(new Uint8Array(16)))
  return { name: PASSWORD_KDF_NAME, salt, ...PASSWORD_KDF_DEFAULTS }
}

/**
 * Argon2id of the password (NFC, as typed on any keyboard), as base64url: the secret this tab
 * keeps. Loaded on first use, so rooms without a password never fetch the WebAssembly.
 */
export async function stretchPassword(password: string, kdf: PasswordKdf): Promise<string> {
  if (!isAcceptableKdf(kdf))
    throw new Error('This room asks for a key derivation this app refuses.')
  const { argon2id } = await import('hash-wasm')
  const stretched = await argon2id({
    password: password.normalize('NFC'),
    salt: fromBase64url(kdf.salt)!,
    parallelism: kdf.parallelism,
    iterations: kdf.iterations,
    memorySize: kdf.memory_kib,
    hashLength: 32,
    outputType: 'binary',
  })
  return toBase64url(stretched)
}

/** What a password room's browser holds once the password is known. */
export interface PasswordRoomKeys {
  /** The room's AES-GCM key (non-extractable): the link's key and the password together. */
  key: CryptoKey
  /** The verifier the server checks: `kc2:…`. */
  check: string
}

/** The room key and verifier from the link's key (base64url) and the stretched password. */
export async function passwordRoomKeys(
  linkKeyText: string,
  stretched: string,
  kdf: PasswordKdf,
): Promise<PasswordRoomKeys | null> {
  const link = fromBase64url(linkKeyText)
  const pw = fromBase64url(stretched)
  const salt = fromBase64url(kdf.salt)
  if (!link || !pw || !salt) return null
  const ikm = new Uint8Array(link.length + pw.length)
  ikm.set(link)
  ikm.set(pw, link.length)
  const base = await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveKey', 'deriveBits'])
  const hkdf = (info: string) => ({ name: 'HKDF', hash: 'SHA-256', salt, info: utf8.encode(info) })
  const key = await crypto.subtle.deriveKey(
    hkdf(PASSWORD_ROOM_KEY_INFO),
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
  const bits = await crypto.subtle.deriveBits(
    hkdf(keyCheckInfo('password')),
    base,
    DERIVED_CHECK_BYTES * 8,
  )
  return { key, check: DERIVED_CHECK_PREFIX + toBase64url(new Uint8Array(bits)) }
}
