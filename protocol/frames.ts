/**
 * The Chatty wire protocol: every frame that crosses `/ws/{room_id}`, as JSON text.
 *
 * Server frames carry both `type` (what the web app switches on) and, where the
 * original Chatty protocol had one, the special `sender` (`__system__`, `__user_list__`,
 * `__typing__`) so that clients of the original protocol keep working.
 *
 * Order of events for a connection:
 *   client `join` → server `joined` → server `history` (once, possibly empty)
 *   → live `message` / `system` / `users` / `typing` frames, in room order.
 * Every `message` and `system` frame has an `id`: a positive integer, strictly
 * increasing within the room, the same for every member.
 */

/** Bump when a change would break an existing client. Sent in `joined`. */
export const PROTOCOL_VERSION = 1

/** Senders reserved for the server; no member can take these names. */
export const SYSTEM_SENDER = '__system__'
export const USER_LIST_SENDER = '__user_list__'
export const TYPING_SENDER = '__typing__'
export const ERROR_SENDER = '__error__'

// ---------------------------------------------------------------------------
// Client → server

/** First frame after connecting. `last_id`: the last message id seen, when rejoining after a drop. */
export interface ClientJoin {
  type: 'join'
  sender: string
  avatar?: string
  last_id?: number
}

/**
 * A chat message. `type` may be omitted (the original protocol sent chat messages
 * without it). `sender`, `avatar` and `timestamp` are accepted and ignored: the
 * server sets them. `client_id` is echoed back so a client can match its own message.
 */
export interface ClientChat {
  type?: 'message'
  content: string
  mentions?: string[]
  reply_to?: number
  client_id?: string
  sender?: unknown
  avatar?: unknown
  timestamp?: unknown
}

/** "I am typing": relayed to the other members as a `typing` frame, throttled. */
export interface ClientTyping {
  type: 'typing'
}

/** Application-level keepalive; answered with `pong`. */
export interface ClientPing {
  type: 'ping'
}

export type ClientFrame = ClientJoin | ClientChat | ClientTyping | ClientPing

// ---------------------------------------------------------------------------
// Server → client

export interface Member {
  name: string
  /** One of `AVATAR_IDS`, or `""` for the initial fallback. */
  avatar: string
}

/** The quoted message a reply points at. */
export interface ReplyQuote {
  id: number
  sender: string
  /** The first characters of the quoted message. */
  excerpt: string
}

/** A chat message as the server stored and broadcast it. */
export interface MessageFrame {
  type: 'message'
  id: number
  sender: string
  avatar: string
  content: string
  /** Server time, ISO 8601 UTC. */
  timestamp: string
  /** Names of members mentioned, as spelt in the member list; only members present when sent. */
  mentions?: string[]
  reply_to?: ReplyQuote
  client_id?: string
}

/** A join or leave notice, e.g. "Alice joined the chat". Stored in history like messages. */
export interface SystemFrame {
  type: 'system'
  id: number
  sender: typeof SYSTEM_SENDER
  content: string
  timestamp: string
  event: 'join' | 'leave'
  /** The member the notice is about. */
  name: string
}

/** Messages that have an id and live in the room's history. */
export type StoredFrame = MessageFrame | SystemFrame

/** The full member list, sent on every membership change. */
export interface UsersFrame {
  type: 'users'
  sender: typeof USER_LIST_SENDER
  content: Member[]
}

/** Someone else is typing; `content` is their name. Never sent back to the typist. */
export interface TypingFrame {
  type: 'typing'
  sender: typeof TYPING_SENDER
  content: string
}

/** REST and `joined` room description. */
export interface RoomInfo {
  room_id: string
  /** ISO 8601 UTC. */
  created_at: string
  /** ISO 8601 UTC. */
  expires_at: string
  /** Whole seconds left before the room expires. */
  ttl_seconds: number
}

/** Limits as sent to clients in the `joined` frame. */
export interface ClientLimits {
  message_max_chars: number
  name_max_chars: number
  messages_per_second: number
  message_burst: number
}

/** The join succeeded. Sent once, before `history`. */
export interface JoinedFrame {
  type: 'joined'
  protocol: number
  name: string
  avatar: string
  room: RoomInfo
  /** Server time, ISO 8601 UTC, to correct the client's clock for the countdown. */
  server_time: string
  limits: ClientLimits
}

/**
 * Earlier messages, oldest first: all kept ones on a first join, or exactly those
 * after `last_id` on a rejoin. Sent once per join; live frames follow.
 */
export interface HistoryFrame {
  type: 'history'
  messages: StoredFrame[]
}

export const ERROR_CODES = [
  'bad_json',
  'invalid_frame',
  'unknown_type',
  'binary_not_supported',
  'not_joined',
  'already_joined',
  'invalid_name',
  'name_taken',
  'invalid_avatar',
  'empty_message',
  'message_too_long',
  'rate_limited',
  'room_full',
  'reply_not_found',
  'internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** Something the client sent was refused. The connection stays open unless a close follows. */
export interface ErrorFrame {
  type: 'error'
  sender: typeof ERROR_SENDER
  code: ErrorCode
  message: string
}

export interface PongFrame {
  type: 'pong'
}

export type ServerFrame =
  | MessageFrame
  | SystemFrame
  | UsersFrame
  | TypingFrame
  | JoinedFrame
  | HistoryFrame
  | ErrorFrame
  | PongFrame

// ---------------------------------------------------------------------------
// Close codes

export const CLOSE_CODES = {
  /** Normal close (the client left). */
  NORMAL: 1000,
  /** The server is shutting down; reconnect. */
  GOING_AWAY: 1001,
  /** A frame larger than the server's frame limit. */
  TOO_BIG: 1009,
  /** Unexpected server error. */
  INTERNAL: 1011,
  /** The server is restarting; reconnect. */
  RESTARTING: 1012,
  /** No `join` frame within the join timeout. */
  JOIN_TIMEOUT: 4000,
  /** The room's hour is up; it and its messages are gone. */
  ROOM_EXPIRED: 4001,
  /** The page's Origin is not allowed to connect. */
  ORIGIN_NOT_ALLOWED: 4003,
  /** No such room (never existed, or already expired and forgotten). */
  ROOM_NOT_FOUND: 4004,
  /** The client stopped reading and its send buffer passed the limit. */
  TOO_SLOW: 4008,
  /** The room already has the maximum number of members. */
  ROOM_FULL: 4009,
} as const

export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES]

/** Close codes after which a client should not try to reconnect to the same room. */
export const FINAL_CLOSE_CODES: readonly number[] = [
  CLOSE_CODES.ROOM_EXPIRED,
  CLOSE_CODES.ROOM_NOT_FOUND,
  CLOSE_CODES.ORIGIN_NOT_ALLOWED,
  CLOSE_CODES.ROOM_FULL,
]
