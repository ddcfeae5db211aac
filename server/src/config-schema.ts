/**
 * Every `CHATTY_*` variable, declared once. The operator's settings are one TypeBox schema:
 * `loadConfig` takes each one's default and bounds from it, and the README's configuration
 * table, `.env.example` and `/docs` are made from it (`npm run config:docs` writes the first
 * two; a test fails when they drift). Fine tuning (limits few operators touch) and the
 * timings only tests change are listed apart, in `docs/operations.md`; each variable that
 * ever worked still does.
 */
import { Type, type TInteger, type TString } from '@sinclair/typebox'
import { DEFAULT_LIMITS, DEFAULT_MAX_FILE_BYTES } from '../../protocol/index.js'

const WEEK = 7 * 24 * 3600
const MAX_INT = 2 ** 31 - 1

/** A whole-number setting: its default, bounds and description. */
function whole(
  fallback: number,
  minimum: number,
  maximum: number,
  description: string,
  shownDefault?: string,
): TInteger {
  return Type.Integer({
    default: fallback,
    minimum,
    maximum,
    description,
    ...(shownDefault && { 'x-shown-default': shownDefault }),
  })
}

/** A text setting; `shownDefault` is what the table says when there is no literal default. */
function text(fallback: string, description: string, shownDefault?: string): TString {
  return Type.String({
    default: fallback,
    description,
    ...(shownDefault && { 'x-shown-default': shownDefault }),
  })
}

/** What an operator sets: the seed's three, and the ones a deployment decides. */
export const OperatorSettingsSchema = Type.Object(
  {
    CHATTY_REDIS_URL: text(
      '',
      'Unset: in-memory store (one process). Set (`redis://[user:password@]host:port`, `rediss://…` for TLS): Redis, shared by all processes',
      'unset',
    ),
    CHATTY_REDIS_CLUSTER_NODES: text(
      '',
      'Instead of `CHATTY_REDIS_URL` (setting both stops the start): `host:port,host:port,…` of a Redis Cluster (Redis 7+; any nodes, the rest are discovered). Rooms spread over its masters; room events use sharded pub/sub. A user, password or TLS: write one node as `redis[s]://user:password@host:port`, it applies to all',
      'unset',
    ),
    CHATTY_ROOM_TTL_SECONDS: whole(
      3600,
      1,
      WEEK,
      'Room lifetime in seconds when the creator does not choose one',
    ),
    CHATTY_MAX_ROOM_TTL_SECONDS: whole(
      3600,
      1,
      WEEK,
      'The longest lifetime a creator may choose (`ttl_seconds`, from 60); below 60 or below `CHATTY_ROOM_TTL_SECONDS` stops the start. The home page offers 10 min, 30 min and 1 h, and 6 h, 1 day, 1 week when this allows them',
      '`CHATTY_ROOM_TTL_SECONDS`',
    ),
    CHATTY_CLEANUP_INTERVAL_SECONDS: whole(
      30,
      1,
      3600,
      'How often the cleanup task closes members of expired rooms (a timer at each room’s deadline does it sooner)',
    ),
    CHATTY_HOST: text('0.0.0.0', 'Listen address: an IP address or a host name'),
    CHATTY_PORT: whole(8000, 0, 65535, 'Listen port'),
    CHATTY_LOG_LEVEL: text(
      'info',
      '`fatal` … `trace`, or `silent` (what a line may hold: [docs/privacy.md](docs/privacy.md))',
    ),
    CHATTY_TRUST_PROXY: text(
      'false',
      'Whose `X-Forwarded-For` is believed, which decides the client address that limits count: `false`, `true` (any peer), a hop count (`1`: the nearest proxy), or proxy IPs/CIDRs, comma-separated (`172.30.57.0/24,10.0.0.5`)',
    ),
    CHATTY_ALLOWED_ORIGINS: text(
      '',
      'Origins allowed to open a WebSocket: `*`, or origins as browsers send them (`scheme://host[:port]`, http or https, no path), comma-separated',
      'same host',
    ),
    CHATTY_MESSAGE_MAX_CHARS: whole(
      DEFAULT_LIMITS.messageMaxChars,
      1,
      100_000,
      'Longest message, in characters; in an encrypted room the client applies it to the text and the server allows the longest envelope of such a text (16,042 characters for 4,000). A value whose fullest chat frame would not fit in `CHATTY_MAX_FRAME_BYTES` stops the start, naming both',
    ),
    CHATTY_MEMBERS_PER_ROOM: whole(
      DEFAULT_LIMITS.membersPerRoom,
      1,
      1_000_000,
      'Members in one room',
    ),
    CHATTY_ROOMS_PER_MINUTE: whole(
      DEFAULT_LIMITS.roomsPerMinute,
      1,
      MAX_INT,
      'Rooms one client address may create per minute (HTTP 429 past it)',
    ),
    CHATTY_MEMORY_BUDGET_MB: whole(
      0,
      0,
      1_000_000,
      'In-memory store: what all rooms’ histories may hold, in MB (0: half of V8’s heap limit, at most 768; printed at start). Past it the biggest histories lose their oldest messages, and new rooms get 503 store_full',
    ),
    CHATTY_MAX_FILE_BYTES: whole(
      DEFAULT_MAX_FILE_BYTES,
      0,
      1024 * 2 ** 20,
      'The largest picture or file a member may send, in bytes (0: no files). In an encrypted room the upload is padded to a size class, up to a third more. A room holds at most `CHATTY_MAX_ROOM_FILE_BYTES` of files',
      '26214400 (25 MB)',
    ),
    CHATTY_MAX_SOCKETS_PER_ADDRESS: whole(
      64,
      1,
      1_000_000,
      'Open WebSockets one client address (an IPv6 /64) may hold, on Redis across all processes; one more is closed with 4029. 64 fits a class behind one NAT',
    ),
  },
  { $id: 'Settings', description: 'The `CHATTY_*` environment variables an operator sets.' },
)

/** Limits few operators touch: they work as ever, and are described in docs/operations.md. */
export const TUNING = {
  CHATTY_STATIC_DIR: text('dist/web', 'The built SPA (the Docker image sets it)'),
  CHATTY_NAME_MAX_CHARS: whole(DEFAULT_LIMITS.nameMaxChars, 1, 200, 'Longest display name'),
  CHATTY_MAX_FRAME_BYTES: whole(
    DEFAULT_LIMITS.maxFrameBytes,
    1024,
    16 * 1024 * 1024,
    'Largest WebSocket frame accepted (larger: close 1009)',
  ),
  CHATTY_MESSAGES_PER_SECOND: whole(
    DEFAULT_LIMITS.messagesPerSecond,
    1,
    MAX_INT,
    'Sustained messages per second per connection',
  ),
  CHATTY_MESSAGE_BURST: whole(
    DEFAULT_LIMITS.messageBurst,
    1,
    MAX_INT,
    'Messages allowed in a burst',
  ),
  CHATTY_HISTORY_LIMIT: whole(
    DEFAULT_LIMITS.historyLimit,
    0,
    1_000_000,
    'Messages a room keeps and replays to newcomers',
  ),
  CHATTY_IPV6_PREFIX_BITS: whole(
    64,
    1,
    128,
    'IPv6 clients are counted by this prefix for the per-address limits (an IPv4 client by its address)',
  ),
  CHATTY_METRICS_PORT: whole(
    0,
    0,
    65_535,
    'Serve Prometheus metrics at /metrics on this port of CHATTY_HOST, never on the public one (0: off)',
  ),
  CHATTY_MAX_ROOM_FILE_BYTES: whole(
    100 * 2 ** 20,
    0,
    MAX_INT,
    'What one room’s files may hold in all, in stored bytes (past it: `files_full`)',
  ),
  CHATTY_MAX_BUFFERED_BYTES: whole(
    4 * 1024 * 1024,
    64 * 1024,
    MAX_INT,
    'Unsent bytes after which a connection that stopped reading is dropped (close 4008)',
  ),
} as const

/**
 * Timings only tests change, set together in `CHATTY_TEST_TIMINGS` (`heartbeat=1,grace=2`)
 * or, in-process, through `loadConfig`'s second argument. The variable each key had before
 * still works, as an alias.
 */
export const TEST_TIMINGS = {
  heartbeat: {
    alias: 'CHATTY_HEARTBEAT_SECONDS',
    schema: whole(5, 1, 300, 'Redis only: seconds between heartbeats (ghosts go within 7)'),
  },
  grace: {
    alias: 'CHATTY_RECONNECT_GRACE_SECONDS',
    schema: whole(15, 0, 3600, 'Seconds a member with a resume token keeps its name after a drop'),
  },
  join_timeout: {
    alias: 'CHATTY_JOIN_TIMEOUT_SECONDS',
    schema: whole(15, 1, 3600, 'Seconds a connection has to send its join (and its headers)'),
  },
  rooms_window: {
    alias: 'CHATTY_ROOMS_WINDOW_SECONDS',
    schema: whole(60, 1, 3600, 'The window of the room-creation limit, in seconds'),
  },
  typing_throttle: {
    alias: 'CHATTY_TYPING_THROTTLE_MS',
    schema: whole(
      DEFAULT_LIMITS.typingThrottleMs,
      0,
      60_000,
      'Least milliseconds between relayed typing notices of one member',
    ),
  },
} as const

export type TestTiming = keyof typeof TEST_TIMINGS
export type OperatorVariable = keyof typeof OperatorSettingsSchema.properties
export type TuningVariable = keyof typeof TUNING

/** The schema of any whole-number variable, by name. */
export function wholeSchema(name: string): TInteger | undefined {
  const all: Record<string, unknown> = { ...OperatorSettingsSchema.properties, ...TUNING }
  for (const t of Object.values(TEST_TIMINGS)) all[t.alias] = t.schema
  const schema = all[name] as TInteger | TString | undefined
  return schema && schema.type === 'integer' ? (schema as TInteger) : undefined
}

/** What a table shows as a setting's default. */
export function shownDefault(schema: TInteger | TString): string {
  const shown = (schema as { 'x-shown-default'?: string })['x-shown-default']
  return shown ?? `\`${String(schema.default)}\``
}
