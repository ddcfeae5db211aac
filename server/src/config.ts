/**
 * Configuration from `CHATTY_*` environment variables, validated once at start.
 * A bad value throws a `ConfigError` naming the variable, and the process stops.
 */
import {
  DEFAULT_LIMITS,
  MIN_ROOM_TTL_SECONDS,
  envelopeMaxChars,
  type ClientChat,
} from '../../protocol/index.js'
import { ClientChatSchema } from '../../protocol/schemas.js'
import type { RoomLimits } from './rooms/limits.js'
import {
  ConfigError,
  parseHost,
  parseOrigins,
  parseTrustProxy,
  type TrustProxy,
} from './config-lists.js'

export { ConfigError } from './config-lists.js'

export interface Config {
  host: string
  port: number
  /** Unset: the in-memory store. Set: Redis at this URL. */
  redisUrl: string | undefined
  /** Set: a Redis Cluster reached through these nodes (never together with `redisUrl`). */
  redisClusterNodes: { host: string; port: number }[] | undefined
  roomTtlSeconds: number
  /**
   * The shortest lifetime a creator may choose: `MIN_ROOM_TTL_SECONDS` (60), or
   * `maxRoomTtlSeconds` when that is shorter (no max set and rooms of under a minute, as in
   * tests), so that the range offered is never empty.
   */
  minRoomTtlSeconds: number
  /** The longest lifetime a creator may choose (`ttl_seconds`); at least `roomTtlSeconds`. */
  maxRoomTtlSeconds: number
  cleanupIntervalSeconds: number
  logLevel: string
  /** Where the built SPA lives; served with history fallback. */
  staticDir: string
  /** Fastify `trustProxy`: false, true (any proxy), a hop count, or proxy addresses/CIDRs. */
  trustProxy: TrustProxy
  /** Origins allowed to open a WebSocket; empty: same host only. `*`: any. */
  allowedOrigins: string[]
  joinTimeoutSeconds: number
  /** Open WebSockets one client address may hold (across processes on Redis). */
  maxSocketsPerAddress: number
  /** The window of the room-creation limit (`limits.roomsPerMinute` rooms per window). */
  roomsWindowSeconds: number
  /** Redis store: how often a process proves it is alive; members of a silent process are removed after 3 beats. */
  heartbeatSeconds: number
  /** A member whose client holds a resume token keeps its name this long after a drop. */
  reconnectGraceSeconds: number
  /** What the domain enforces, plus what the transports do. */
  limits: RoomLimits & {
    maxFrameBytes: number
    roomsPerMinute: number
    /** A member whose unsent bytes pass this is closed with 4008. */
    maxBufferedBytes: number
  }
}

type Env = Record<string, string | undefined>

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim()
  if (raw === undefined || raw === '') return fallback
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`)
  const value = Number(raw)
  if (value < min || value > max) {
    throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${value}`)
  }
  return value
}

function str(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim()
  return raw === undefined || raw === '' ? fallback : raw
}

function redisUrl(env: Env): string | undefined {
  const raw = env.CHATTY_REDIS_URL?.trim()
  if (!raw) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError('CHATTY_REDIS_URL', `not a URL: "${raw}"`)
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(
      'CHATTY_REDIS_URL',
      `expected redis:// or rediss://, got "${url.protocol}"`,
    )
  }
  return raw
}

const CLUSTER_NODES = 'CHATTY_REDIS_CLUSTER_NODES'

function redisClusterNodes(env: Env): { host: string; port: number }[] | undefined {
  const raw = env[CLUSTER_NODES]?.trim()
  if (!raw) return undefined
  if (env.CHATTY_REDIS_URL?.trim()) {
    throw new ConfigError(CLUSTER_NODES, 'set either it or CHATTY_REDIS_URL, not both')
  }
  return raw.split(',').map((entry) => {
    const node = entry.trim()
    const match = /^([^\s:]+|\[[0-9a-fA-F:.]+\]):(\d{1,5})$/.exec(node)
    const port = Number(match?.[2])
    if (!match || port < 1 || port > 65535) {
      throw new ConfigError(CLUSTER_NODES, `expected host:port[,host:port…], got "${node}"`)
    }
    return { host: match[1]!.replace(/^\[|\]$/g, ''), port }
  })
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

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

/**
 * The socket closes a frame over `maxFrameBytes` with 1009 before the room sees it, so
 * a message the limit allows must fit in one, or it would be cut instead of sent (and a
 * longer one cut instead of refused with `message_too_long`).
 */
function checkChatFrameFits(limits: Config['limits']): void {
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

/** Reads and checks every `CHATTY_*` variable; throws `ConfigError` on the first bad one. */
export function loadConfig(env: Env = process.env): Config {
  const logLevel = str(env, 'CHATTY_LOG_LEVEL', 'info')
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('CHATTY_LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}`)
  }
  const d = DEFAULT_LIMITS
  const MAX = 2 ** 31 - 1
  const WEEK = 7 * 24 * 3600
  const roomTtlSeconds = int(env, 'CHATTY_ROOM_TTL_SECONDS', 3600, 1, WEEK)
  const maxRoomTtlSeconds = int(env, 'CHATTY_MAX_ROOM_TTL_SECONDS', roomTtlSeconds, 1, WEEK)
  // A max below the shortest lifetime a creator may choose would leave no choice at all
  // (every `ttl_seconds` refused). Only a max that is set: unset, it is the room TTL, which
  // tests keep to seconds; the range then shrinks to that one lifetime (`minRoomTtlSeconds`).
  const maxIsSet = (env.CHATTY_MAX_ROOM_TTL_SECONDS?.trim() ?? '') !== ''
  if (maxIsSet && maxRoomTtlSeconds < MIN_ROOM_TTL_SECONDS) {
    throw new ConfigError(
      'CHATTY_MAX_ROOM_TTL_SECONDS',
      `must be at least ${MIN_ROOM_TTL_SECONDS} seconds, the shortest lifetime a creator may choose, got ${maxRoomTtlSeconds}`,
    )
  }
  if (maxRoomTtlSeconds < roomTtlSeconds) {
    throw new ConfigError(
      'CHATTY_MAX_ROOM_TTL_SECONDS',
      `must be at least CHATTY_ROOM_TTL_SECONDS (${roomTtlSeconds}), got ${maxRoomTtlSeconds}`,
    )
  }
  const config: Config = {
    host: parseHost(env.CHATTY_HOST),
    port: int(env, 'CHATTY_PORT', 8000, 0, 65535),
    redisUrl: redisUrl(env),
    redisClusterNodes: redisClusterNodes(env),
    roomTtlSeconds,
    minRoomTtlSeconds: Math.min(MIN_ROOM_TTL_SECONDS, maxRoomTtlSeconds),
    maxRoomTtlSeconds,
    cleanupIntervalSeconds: int(env, 'CHATTY_CLEANUP_INTERVAL_SECONDS', 30, 1, 3600),
    logLevel,
    staticDir: str(env, 'CHATTY_STATIC_DIR', 'dist/web'),
    trustProxy: parseTrustProxy(env.CHATTY_TRUST_PROXY),
    allowedOrigins: parseOrigins(env.CHATTY_ALLOWED_ORIGINS),
    joinTimeoutSeconds: int(env, 'CHATTY_JOIN_TIMEOUT_SECONDS', 15, 1, 3600),
    maxSocketsPerAddress: int(env, 'CHATTY_MAX_SOCKETS_PER_ADDRESS', 20, 1, 1_000_000),
    roomsWindowSeconds: int(env, 'CHATTY_ROOMS_WINDOW_SECONDS', 60, 1, 3600),
    heartbeatSeconds: int(env, 'CHATTY_HEARTBEAT_SECONDS', 5, 1, 300),
    reconnectGraceSeconds: int(env, 'CHATTY_RECONNECT_GRACE_SECONDS', 15, 0, 3600),
    limits: {
      messageMaxChars: int(env, 'CHATTY_MESSAGE_MAX_CHARS', d.messageMaxChars, 1, 100_000),
      nameMaxChars: int(env, 'CHATTY_NAME_MAX_CHARS', d.nameMaxChars, 1, 200),
      maxFrameBytes: int(env, 'CHATTY_MAX_FRAME_BYTES', d.maxFrameBytes, 1024, 16 * 1024 * 1024),
      messagesPerSecond: int(env, 'CHATTY_MESSAGES_PER_SECOND', d.messagesPerSecond, 1, MAX),
      messageBurst: int(env, 'CHATTY_MESSAGE_BURST', d.messageBurst, 1, MAX),
      membersPerRoom: int(env, 'CHATTY_MEMBERS_PER_ROOM', d.membersPerRoom, 1, 1_000_000),
      roomsPerMinute: int(env, 'CHATTY_ROOMS_PER_MINUTE', d.roomsPerMinute, 1, MAX),
      historyLimit: int(env, 'CHATTY_HISTORY_LIMIT', d.historyLimit, 0, 1_000_000),
      typingThrottleMs: int(env, 'CHATTY_TYPING_THROTTLE_MS', d.typingThrottleMs, 0, 60_000),
      maxBufferedBytes: int(env, 'CHATTY_MAX_BUFFERED_BYTES', 4 * 1024 * 1024, 64 * 1024, MAX),
      replyExcerptChars: d.replyExcerptChars,
    },
  }
  // Each variable is checked alone first, so that this names only a true conflict.
  checkChatFrameFits(config.limits)
  return config
}
