/**
 * The one check between two settings that are each fine alone: a chat message the limit
 * allows must fit in one WebSocket frame. The socket closes a frame over `maxFrameBytes`
 * with 1009 before the room sees it, so otherwise a long message would be cut instead of
 * sent (and a longer one cut instead of refused with `message_too_long`).
 */
import { envelopeMaxChars, type ClientChat } from '../../protocol/index.js'
import { ClientChatSchema } from '../../protocol/schemas.js'
import { ConfigError } from './config-lists.js'

/** A bound the chat frame's size depends on, read from the schema that enforces it. */
function schemaBound(value: number | undefined, field: string): number {
  // Without it no frame size is safe: a schema change that drops one must not pass unseen.
  if (value === undefined) throw new Error(`ClientChatSchema: ${field} is unbounded`)
  return value
}

const CHAT = ClientChatSchema.properties
const MENTIONS_MAX_ITEMS = schemaBound(CHAT.mentions.maxItems, 'mentions.maxItems')
const MENTION_MAX_CHARS = schemaBound(CHAT.mentions.items.maxLength, 'mentions[].maxLength')
const CLIENT_ID_MAX_CHARS = schemaBound(CHAT.client_id.maxLength, 'client_id.maxLength')
/** UTF-8 bytes of one UTF-16 code unit at most (a surrogate pair: 4 bytes for 2 units). */
const UTF8_MAX_BYTES_PER_CHAR = 3
/** JSON's longest escape of one code unit (`\u001f`, a lone surrogate), in bytes. */
const JSON_ESCAPE_MAX_BYTES = 6
/** Every key, quote, comma and bracket of the fullest chat frame, and its longest `reply_to`. */
const CHAT_FRAME_SKELETON_BYTES = Buffer.byteLength(
  JSON.stringify({
    type: 'message',
    content: '',
    client_id: '',
    reply_to: Number.MAX_SAFE_INTEGER,
    mentions: Array.from({ length: MENTIONS_MAX_ITEMS }, () => ''),
  } satisfies ClientChat),
)

/**
 * Bytes of the largest chat frame a client within the limits sends (as `JSON.stringify`
 * writes it): the longest encrypted envelope (base64url, one byte a character; a plain
 * room's text, at most 3 bytes a character, is always shorter), a `client_id` of any 64
 * characters (each possibly a 6-byte escape), a safe-integer `reply_to`, and the most
 * mentions, each a name (names refuse controls and lone surrogates: at most 3 bytes a
 * character) no longer than the schema lets a mention be.
 */
export function chatFrameMaxBytes(messageMaxChars: number, nameMaxChars: number): number {
  const mentionChars = Math.min(nameMaxChars, MENTION_MAX_CHARS)
  return (
    CHAT_FRAME_SKELETON_BYTES +
    envelopeMaxChars(messageMaxChars) +
    CLIENT_ID_MAX_CHARS * JSON_ESCAPE_MAX_BYTES +
    MENTIONS_MAX_ITEMS * mentionChars * UTF8_MAX_BYTES_PER_CHAR
  )
}

/** The longest `CHATTY_MESSAGE_MAX_CHARS` whose fullest chat frame fits; 0 when none does. */
export function largestMessageThatFits(maxFrameBytes: number, nameMaxChars: number): number {
  // The frame grows with the message, so a binary search finds the edge. Each character
  // takes more than a byte of frame, so more characters than bytes never fit.
  let fits = 0
  let tooLong = maxFrameBytes + 1
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2)
    if (chatFrameMaxBytes(middle, nameMaxChars) <= maxFrameBytes) fits = middle
    else tooLong = middle
  }
  return fits
}

/** Throws a `ConfigError` naming both variables when the fullest chat frame does not fit. */
export function checkChatFrameFits(limits: {
  messageMaxChars: number
  nameMaxChars: number
  maxFrameBytes: number
}): void {
  const { messageMaxChars, nameMaxChars, maxFrameBytes } = limits
  const needed = chatFrameMaxBytes(messageMaxChars, nameMaxChars)
  if (needed <= maxFrameBytes) return
  const fits = largestMessageThatFits(maxFrameBytes, nameMaxChars)
  const fix =
    fits > 0
      ? `Set CHATTY_MESSAGE_MAX_CHARS to at most ${fits}, or CHATTY_MAX_FRAME_BYTES to at least ${needed}.`
      : `No message length fits beside the mentions of CHATTY_NAME_MAX_CHARS-long names: ` +
        `set CHATTY_MAX_FRAME_BYTES to at least ${needed}, or lower CHATTY_NAME_MAX_CHARS.`
  throw new ConfigError(
    ['CHATTY_MESSAGE_MAX_CHARS', 'CHATTY_MAX_FRAME_BYTES'],
    `a chat frame with a ${messageMaxChars}-character message (in an encrypted room, an ` +
      `envelope of ${envelopeMaxChars(messageMaxChars)} characters) and its mentions, reply ` +
      `and client id may take ${needed} bytes, more than CHATTY_MAX_FRAME_BYTES ` +
      `(${maxFrameBytes}), so long messages would be cut with close 1009. ${fix}`,
  )
}
