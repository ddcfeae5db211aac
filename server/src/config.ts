/**
 * Configuration from `CHATTY_*` environment variables, validated once at start.
 * A bad value throws a `ConfigError` naming the variable, and the process stops.
 */
import { DEFAULT_LIMITS } from '../../protocol/index.js'
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
  if (maxRoomTtlSeconds < roomTtlSeconds) {
    throw new ConfigError(
      'CHATTY_MAX_ROOM_TTL_SECONDS',
      `must be at least CHATTY_ROOM_TTL_SECONDS (${roomTtlSeconds}), got ${maxRoomTtlSeconds}`,
    )
  }
  return {
    host: parseHost(env.CHATTY_HOST),
    port: int(env, 'CHATTY_PORT', 8000, 0, 65535),
    redisUrl: redisUrl(env),
    redisClusterNodes: redisClusterNodes(env),
    roomTtlSeconds,
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
}
