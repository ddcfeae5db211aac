/**
 * End-to-end encryption of an encrypted room's messages, with WebCrypto only (the browser's,
 * or Node's `globalThis.crypto` in tests). The envelope format is in `protocol/envelope.ts`.
 *
 * The key is made here, travels only in the link's fragment and is imported non-extractable,
 * so nothing in the page can read it back out of the `CryptoKey`.
 */
import {
  ENVELOPE_IV_BYTES,
  ENVELOPE_PREFIX,
  ROOM_KEY_CHARS,
  envelopeAdditionalData,
  reactionAdditionalData,
  splitEnvelope,
  type EnvelopeContext,
  type ReactionContext,
} from '../../../protocol/envelope'
import {
  KEY_CHECK_PREFIX,
  KEY_CHECK_TEXT,
  keyCheckAdditionalData,
  splitKeyCheck,
} from '../../../protocol/key-check'
import { fromBase64url, toBase64url } from './base64url'

const KEY_BYTES = 32
const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder('utf-8', { fatal: true })

/** A fresh random 256-bit room key, as the 43 base64url characters that go after `#`. */
export function newRoomKey(): string {
  return toBase64url(crypto.getRandomValues(new Uint8Array(KEY_BYTES)))
}

/** The key text in a location hash (`#…` or bare), or null when it is missing or malformed. */
export function keyFromHash(hash: string): string | null {
  const text = hash.startsWith('#') ? hash.slice(1) : hash
  if (text.length !== ROOM_KEY_CHARS) return null
  return fromBase64url(text)?.length === KEY_BYTES ? text : null
}

/** The room key as a non-extractable AES-GCM key, or null when `text` is not a key. */
export async function importRoomKey(text: string): Promise<CryptoKey | null> {
  const raw = keyFromHash(text) === null ? null : fromBase64url(text)
  if (!raw) return null
  return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt'])
}

/** An envelope of `text` sealed with `key`, bound to the additional data `aad`. */
async function seal(key: CryptoKey, aad: string, text: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(ENVELOPE_IV_BYTES))
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8.encode(aad) },
    key,
    utf8.encode(text),
  )
  return `${ENVELOPE_PREFIX}${toBase64url(iv)}:${toBase64url(new Uint8Array(ciphertext))}`
}

/** The text of an envelope sealed with `key` and `aad`, or null. */
async function open(key: CryptoKey, aad: string, envelope: string): Promise<string | null> {
  const parts = splitEnvelope(envelope)
  const iv = parts && fromBase64url(parts.iv)
  const ciphertext = parts && fromBase64url(parts.ciphertext)
  if (!iv || !ciphertext) return null
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: utf8.encode(aad) },
      key,
      ciphertext,
    )
    return fromUtf8.decode(plain)
  } catch {
    return null
  }
}

/** Encrypts one message's text into an envelope bound to its room, sender and quote. */
export function encryptMessage(
  key: CryptoKey,
  ctx: EnvelopeContext,
  text: string,
): Promise<string> {
  return seal(key, envelopeAdditionalData(ctx), text)
}

/**
 * The text of an envelope, or null when it does not decrypt with this key and context:
 * a wrong key, a changed byte, another room or sender, or not an envelope at all.
 */
export function decryptMessage(
  key: CryptoKey,
  ctx: EnvelopeContext,
  envelope: string,
): Promise<string | null> {
  return open(key, envelopeAdditionalData(ctx), envelope)
}

/** A reaction's emoji sealed for the room, the member who reacts and the message. */
export function encryptReaction(
  key: CryptoKey,
  ctx: ReactionContext,
  emoji: string,
): Promise<string> {
  return seal(key, reactionAdditionalData(ctx), emoji)
}

/**
 * The emoji of a reaction envelope, or null: one sealed for another member, message or room
 * (a server that moves a reaction) does not open.
 */
export function decryptReaction(
  key: CryptoKey,
  ctx: ReactionContext,
  envelope: string,
): Promise<string | null> {
  return open(key, reactionAdditionalData(ctx), envelope)
}

/** The room's key check (`protocol/key-check.ts`): made by the browser that creates the room. */
export async function makeKeyCheck(key: CryptoKey): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(ENVELOPE_IV_BYTES))
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8.encode(keyCheckAdditionalData('room')) },
    key,
    utf8.encode(KEY_CHECK_TEXT),
  )
  return `${KEY_CHECK_PREFIX}${toBase64url(iv)}:${toBase64url(new Uint8Array(ciphertext))}`
}

/**
 * Whether `key` opens the room's key check: false for a wrong key, null when the check is
 * of a format this app does not know (then nothing is known about the key).
 */
export async function opensKeyCheck(key: CryptoKey, check: string): Promise<boolean | null> {
  const parts = splitKeyCheck(check)
  const iv = parts && fromBase64url(parts.iv)
  const ciphertext = parts && fromBase64url(parts.ciphertext)
  if (!iv || !ciphertext) return null
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: utf8.encode(keyCheckAdditionalData('room')) },
      key,
      ciphertext,
    )
    return fromUtf8.decode(plain) === KEY_CHECK_TEXT
  } catch {
    return false
  }
}
