/**
 * Configuration from `CHATTY_*` environment variables, validated once at start.
 * A bad value throws a `ConfigError` naming the variable, and the process stops. Defaults,
 * bounds and descriptions come from `config-schema.ts`.
 */
import { DEFAULT_LIMITS, MIN_ROOM_TTL_SECONDS } from '../../protocol/index.js'
import type { RedisNodeAddress } from './store/redis/connection.js'
import type { RoomLimits } from './rooms/limits.js'
import { checkChatFrameFits } from './config-frame.js'
import { TEST_TIMINGS, wholeSchema, type TestTiming } from './config-schema.js'
import {
  ConfigError,
  parseHost,
  parseOrigins,
  parseTrustProxy,
  type TrustProxy,
} from './config-lists.js'

export { ConfigError } from './config-lists.js'
export { chatFrameMaxBytes, largestMessageThatFits } from './config-frame.js'

export interface Config {
  host: string
  port: number
  /** Unset: the in-memory store. Set: Redis at this URL. */
  redisUrl: string | undefined
  /** Set: a Redis Cluster reached through these nodes (never together with `redisUrl`). */
  redisClusterNodes: RedisNodeAddress[] | undefined
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
  /** In-memory store: the histories' budget in MB; 0: half of V8's heap limit, at most 768. */
  memoryBudgetMb: number
  /** `/metrics` on this port (0: off). */
  metricsPort: number
  /** IPv6 clients count by this prefix for the per-address limits (`limits/address-group.ts`). */
  ipv6PrefixBits: number
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

/** Timings only tests change (see `TEST_TIMINGS`), by key. */
export type TestTimings = Partial<Record<TestTiming, number>>

/** A whole-number variable, its default and bounds from the schema (`fallback` overrides). */
function int(env: Env, name: string, fallback?: number): number {
  const schema = wholeSchema(name)
  if (!schema) throw new Error(`config-schema.ts declares no whole-number ${name}`)
  return whole(name, env[name], fallback ?? Number(schema.default), schema)
}

function whole(
  name: string,
  given: string | undefined,
  fallback: number,
  bounds: { minimum?: number; maximum?: number },
): number {
  const raw = given?.trim()
  if (raw === undefined || raw === '') return fallback
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `expected a whole number, got "${raw}"`)
  const value = Number(raw)
  const min = bounds.minimum ?? -Infinity
  const max = bounds.maximum ?? Infinity
  if (value < min || value > max) {
    throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${value}`)
  }
  return value
}

/**
 * `CHATTY_TEST_TIMINGS` (`heartbeat=1,grace=2`), over each key's old variable, over what
 * the caller passed in-process, over the default.
 */
function testTimings(env: Env, given: TestTimings): Record<TestTiming, number> {
  const name = 'CHATTY_TEST_TIMINGS'
  const listed = new Map<string, string>()
  for (const item of (env[name] ?? '').split(',')) {
    if (item.trim() === '') continue
    const [key = '', value, ...rest] = item.split('=').map((part) => part.trim())
    if (!(key in TEST_TIMINGS) || value === undefined || rest.length > 0) {
      const keys = Object.keys(TEST_TIMINGS).join(', ')
      throw new ConfigError(name, `expected key=value pairs with keys ${keys}, got "${item}"`)
    }
    listed.set(key, value)
  }
  const out = {} as Record<TestTiming, number>
  for (const [key, { alias, schema }] of Object.entries(TEST_TIMINGS) as [
    TestTiming,
    (typeof TEST_TIMINGS)[TestTiming],
  ][]) {
    const fallback = whole(alias, env[alias], given[key] ?? Number(schema.default), schema)
    out[key] = whole(`${name} (${key})`, listed.get(key), fallback, schema)
  }
  return out
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

function redisClusterNodes(env: Env): RedisNodeAddress[] | undefined {
  const raw = env[CLUSTER_NODES]?.trim()
  if (!raw) return undefined
  if (env.CHATTY_REDIS_URL?.trim()) {
    throw new ConfigError(CLUSTER_NODES, 'set either it or CHATTY_REDIS_URL, not both')
  }
  const nodes = raw.split(',').map((entry) => clusterNode(entry.trim()))
  // Credentials and TLS are the cluster's: given once (any node), they apply to every node.
  const auth = nodes.filter((n) => n.username || n.password || n.tls)
  const first = auth[0]
  if (
    auth.some(
      (n) =>
        n.username !== first?.username || n.password !== first?.password || n.tls !== first?.tls,
    )
  ) {
    throw new ConfigError(CLUSTER_NODES, 'the nodes give different users, passwords or schemes')
  }
  return first ? nodes.map((n) => ({ ...first, host: n.host, port: n.port })) : nodes
}

/** `host:port`, or `redis[s]://[user[:password]@]host:port` for a cluster with ACLs or TLS. */
function clusterNode(node: string): RedisNodeAddress {
  const bad = () =>
    new ConfigError(
      CLUSTER_NODES,
      `expected host:port or redis[s]://[user:password@]host:port, comma-separated, got "${node.replace(/\/\/[^@/]*@/, '//…@')}"`,
    )
  if (/^rediss?:\/\//.test(node)) {
    let url: URL
    try {
      url = new URL(node)
    } catch {
      throw bad()
    }
    const port = Number(url.port)
    if (!url.hostname || !url.port || (url.pathname !== '' && url.pathname !== '/') || url.search)
      throw bad()
    if (port < 1 || port > 65535) throw bad()
    return {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port,
      ...(url.username && { username: decodeURIComponent(url.username) }),
      ...(url.password && { password: decodeURIComponent(url.password) }),
      ...(url.protocol === 'rediss:' && { tls: true }),
    }
  }
  const match = /^([^\s:]+|\[[0-9a-fA-F:.]+\]):(\d{1,5})$/.exec(node)
  const port = Number(match?.[2])
  if (!match || port < 1 || port > 65535) throw bad()
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/**
 * Reads and checks every `CHATTY_*` variable; throws `ConfigError` on the first bad one.
 * `timings`: the test-only timings for a server built in-process.
 */
export function loadConfig(env: Env = process.env, timings: TestTimings = {}): Config {
  const logLevel = str(env, 'CHATTY_LOG_LEVEL', 'info')
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('CHATTY_LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}`)
  }
  const t = testTimings(env, timings)
  const roomTtlSeconds = int(env, 'CHATTY_ROOM_TTL_SECONDS')
  const maxRoomTtlSeconds = int(env, 'CHATTY_MAX_ROOM_TTL_SECONDS', roomTtlSeconds)
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
    port: int(env, 'CHATTY_PORT'),
    redisUrl: redisUrl(env),
    redisClusterNodes: redisClusterNodes(env),
    roomTtlSeconds,
    minRoomTtlSeconds: Math.min(MIN_ROOM_TTL_SECONDS, maxRoomTtlSeconds),
    maxRoomTtlSeconds,
    cleanupIntervalSeconds: int(env, 'CHATTY_CLEANUP_INTERVAL_SECONDS'),
    logLevel,
    staticDir: str(env, 'CHATTY_STATIC_DIR', 'dist/web'),
    trustProxy: parseTrustProxy(env.CHATTY_TRUST_PROXY),
    allowedOrigins: parseOrigins(env.CHATTY_ALLOWED_ORIGINS),
    joinTimeoutSeconds: t.join_timeout,
    maxSocketsPerAddress: int(env, 'CHATTY_MAX_SOCKETS_PER_ADDRESS'),
    ipv6PrefixBits: int(env, 'CHATTY_IPV6_PREFIX_BITS'),
    memoryBudgetMb: int(env, 'CHATTY_MEMORY_BUDGET_MB'),
    metricsPort: int(env, 'CHATTY_METRICS_PORT'),
    roomsWindowSeconds: t.rooms_window,
    heartbeatSeconds: t.heartbeat,
    reconnectGraceSeconds: t.grace,
    limits: {
      messageMaxChars: int(env, 'CHATTY_MESSAGE_MAX_CHARS'),
      nameMaxChars: int(env, 'CHATTY_NAME_MAX_CHARS'),
      maxFrameBytes: int(env, 'CHATTY_MAX_FRAME_BYTES'),
      messagesPerSecond: int(env, 'CHATTY_MESSAGES_PER_SECOND'),
      messageBurst: int(env, 'CHATTY_MESSAGE_BURST'),
      membersPerRoom: int(env, 'CHATTY_MEMBERS_PER_ROOM'),
      roomsPerMinute: int(env, 'CHATTY_ROOMS_PER_MINUTE'),
      historyLimit: int(env, 'CHATTY_HISTORY_LIMIT'),
      typingThrottleMs: t.typing_throttle,
      maxBufferedBytes: int(env, 'CHATTY_MAX_BUFFERED_BYTES'),
      replyExcerptChars: DEFAULT_LIMITS.replyExcerptChars,
      maxFileBytes: int(env, 'CHATTY_MAX_FILE_BYTES'),
      roomFileBytes: int(env, 'CHATTY_MAX_ROOM_FILE_BYTES'),
    },
  }
  // Each variable is checked alone first, so that this names only a true conflict.
  checkChatFrameFits(config.limits)
  return config
}
