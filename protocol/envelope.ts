/**
 * The envelope an end-to-end encrypted room carries in a chat message's `content`.
 *
 *   "e1:" + base64url(iv) + ":" + base64url(ciphertext)
 *
 * - `e1`: the format version. A client that meets another prefix shows the message as
 *   undecryptable rather than guessing.
 * - `iv`: 12 random bytes (96 bits), fresh for every message, so 16 base64url characters.
 * - `ciphertext`: AES-GCM-256 of the UTF-8 message text, with the 16-byte tag appended
 *   (what WebCrypto's `encrypt` returns), so at least 17 bytes for a one-character message.
 * - Additional data (authenticated, not sent): {@link envelopeAdditionalData}, which binds the
 *   room id, the sender's name and the quoted message id. A server that moves a message to
 *   another room or sender, or points it at another quote, makes it fail to decrypt.
 * - base64url is RFC 4648 §5 without padding, canonical (unused low bits zero).
 *
 * The key never reaches the server: it lives in the room link's fragment (`/room/<id>#<key>`),
 * 32 random bytes as 43 base64url characters.
 *
 * The server cannot read an envelope; it only checks its shape with {@link isEnvelope}, so a
 * buggy or old client cannot leave plaintext in an encrypted room's history.
 */

export const ENVELOPE_VERSION = 'e1'
export const ENVELOPE_PREFIX = `${ENVELOPE_VERSION}:`
export const ENVELOPE_IV_BYTES = 12
export const ENVELOPE_TAG_BYTES = 16
/** Length of a room key in the link fragment: 32 bytes, base64url. */
export const ROOM_KEY_CHARS = 43

const B64URL = '[A-Za-z0-9_-]'
// 12 bytes are exactly 16 characters; the ciphertext holds at least the tag plus one byte.
const SHAPE = new RegExp(`^${ENVELOPE_VERSION}:(${B64URL}{16}):(${B64URL}{23,})$`)

/** Characters whose unused low bits are zero, for the last character of a length%4 of 2 or 3. */
const CANONICAL_LAST_2 = 'AQgw'
const CANONICAL_LAST_3 = 'AEIMQUYcgkosw048'

/** Characters of unpadded base64url for `bytes` bytes. */
export function base64urlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3)
}

/**
 * The longest envelope for a message of `plaintextMaxChars` characters (UTF-16 code units).
 * A code unit takes at most 3 bytes of UTF-8 (a surrogate pair: 4 bytes for 2 units), so the
 * ciphertext is at most `3 × chars + 16` bytes. For the default 4000 characters: 16,042.
 */
export function envelopeMaxChars(plaintextMaxChars: number): number {
  const cipherBytes = 3 * plaintextMaxChars + ENVELOPE_TAG_BYTES
  return (
    ENVELOPE_PREFIX.length + base64urlLength(ENVELOPE_IV_BYTES) + 1 + base64urlLength(cipherBytes)
  )
}

/** True when `b64` is canonical unpadded base64url (the decoder would give it back unchanged). */
export function isCanonicalBase64url(b64: string): boolean {
  if (!/^[A-Za-z0-9_-]*$/.test(b64)) return false
  const rest = b64.length % 4
  if (rest === 1) return false
  if (rest === 0) return true
  const last = b64[b64.length - 1]!
  return (rest === 2 ? CANONICAL_LAST_2 : CANONICAL_LAST_3).includes(last)
}

/** The two base64url parts of a well-formed envelope, or null. Checks shape only. */
export function splitEnvelope(content: string): { iv: string; ciphertext: string } | null {
  const match = SHAPE.exec(content)
  if (!match) return null
  const [, iv, ciphertext] = match as unknown as [string, string, string]
  if (!isCanonicalBase64url(iv) || !isCanonicalBase64url(ciphertext)) return null
  return { iv, ciphertext }
}

/** Whether `content` is a well-formed envelope no longer than `maxChars`. */
export function isEnvelope(content: string, maxChars: number): boolean {
  return content.length <= maxChars && splitEnvelope(content) !== null
}

/** What one message's additional data binds. */
export interface EnvelopeContext {
  room: string
  sender: string
  /** The id of the quoted message, when the message is a reply. */
  replyTo?: number | undefined
}

/**
 * The additional data of a message, as text (encode as UTF-8). A JSON array, so no choice of
 * room id or name can make two different contexts give the same bytes.
 */
export function envelopeAdditionalData(ctx: EnvelopeContext): string {
  return JSON.stringify([`chatty/${ENVELOPE_VERSION}`, ctx.room, ctx.sender, ctx.replyTo ?? 0])
}

/** What a reaction's additional data binds: the room, who reacts, and to which message. */
export interface ReactionContext {
  room: string
  sender: string
  messageId: number
}

/** The longest reaction envelope: an emoji sequence of up to 64 bytes, sealed. */
export const REACTION_ENVELOPE_MAX_CHARS = envelopeMaxChars(64)

/**
 * A reaction's additional data, as text (encode as UTF-8): its own format tag, so that no
 * reaction can be passed off as a message or the other way round.
 */
export function reactionAdditionalData(ctx: ReactionContext): string {
  return JSON.stringify(['chatty/r1', ctx.room, ctx.sender, ctx.messageId])
}
