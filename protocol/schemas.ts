/**
 * The wire protocol as TypeBox schemas: the one source of every frame's shape. The
 * server validates client frames with them, `/docs` describes frames from them, and the
 * frame types (`frames.ts`) are derived from them with `Static`.
 *
 * Server-only at run time: the web app imports these types with `import type` (through
 * `frames.ts`), so its bundle carries no validator.
 *
 * Order of events for a connection:
 *   client `join` → server `joined` → server `history` (once, possibly empty)
 *   → live `message` / `system` / `users` / `typing` frames, in room order.
 * Every `message` and `system` frame has an `id`: a positive integer, strictly
 * increasing within the room, the same for every member.
 */
import { Type, type Static } from '@sinclair/typebox'
import { AVATAR_ID_PATTERN } from './avatars.js'
import {
  ERROR_CODES,
  ERROR_SENDER,
  SYSTEM_SENDER,
  TYPING_SENDER,
  USER_LIST_SENDER,
} from './codes.js'

const Timestamp = Type.String({ format: 'date-time', description: 'Server time, ISO 8601 UTC' })
const Avatar = Type.String({
  pattern: AVATAR_ID_PATTERN,
  description: 'Avatar id (up to 32 of a-z, 0-9, -), or "" for the initial',
})

// ---------------------------------------------------------------------------
// Client → server

export const ClientJoinSchema = Type.Object(
  {
    type: Type.Literal('join'),
    sender: Type.String({ description: 'Display name' }),
    avatar: Type.Optional(Avatar),
    last_id: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Last message id seen, when rejoining' }),
    ),
    resume: Type.Optional(
      Type.Boolean({
        description:
          'Ask for a `resume_token` in `joined`: this client can come back quietly after a drop',
      }),
    ),
    resume_token: Type.Optional(
      Type.String({
        maxLength: 128,
        description:
          'The `resume_token` of the previous `joined`, when coming back after a drop: within the grace time the name is reclaimed and nobody sees a leave or join notice',
      }),
    ),
  },
  {
    description:
      'First frame. `last_id` (optional): the last message id seen, to rejoin after a drop and get exactly what was missed. `resume` / `resume_token` (optional): quiet reconnects.',
  },
)

export const ClientChatSchema = Type.Object(
  {
    type: Type.Literal('message'),
    content: Type.String({
      description:
        'The text; in an encrypted room, its e1 envelope (`"e1:" + base64url(iv) + ":" + base64url(ciphertext)`)',
    }),
    mentions: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
    reply_to: Type.Optional(Type.Integer({ minimum: 1 })),
    client_id: Type.Optional(Type.String({ maxLength: 64 })),
    // Accepted for compatibility with the original protocol, then ignored.
    sender: Type.Optional(Type.Unknown()),
    avatar: Type.Optional(Type.Unknown()),
    timestamp: Type.Optional(Type.Unknown()),
  },
  {
    description:
      'A chat message. `type` may be omitted (the original protocol sent chat messages without it). ' +
      '`sender`, `avatar` and `timestamp` are ignored: the server sets them. `client_id` is echoed back.',
  },
)

export const ClientTypingSchema = Type.Object(
  { type: Type.Literal('typing') },
  { description: '"I am typing": relayed to the other members, throttled.' },
)

export const ClientPingSchema = Type.Object(
  { type: Type.Literal('ping') },
  { description: 'Application-level keepalive; answered with `pong`.' },
)

export const CLIENT_FRAME_SCHEMAS = [
  ClientJoinSchema,
  ClientChatSchema,
  ClientTypingSchema,
  ClientPingSchema,
] as const

// ---------------------------------------------------------------------------
// Server → client

const MemberSchema = Type.Object({ name: Type.String(), avatar: Type.String() })

const ReplyQuoteSchema = Type.Object({
  id: Type.Integer(),
  sender: Type.String(),
  excerpt: Type.Optional(
    Type.String({
      description:
        'The first characters of the quoted message. Absent in encrypted rooms: the server cannot read the quote, so clients draw it from their own decrypted copy',
    }),
  ),
})

const MessageFrameSchema = Type.Object(
  {
    type: Type.Literal('message'),
    id: Type.Integer({ minimum: 1 }),
    sender: Type.String(),
    avatar: Type.String(),
    content: Type.String(),
    timestamp: Timestamp,
    mentions: Type.Optional(
      Type.Array(Type.String(), { description: 'Members mentioned, as spelt in the member list' }),
    ),
    reply_to: Type.Optional(ReplyQuoteSchema),
    client_id: Type.Optional(Type.String()),
  },
  { description: 'A chat message, to every member including its sender.' },
)

const SystemFrameSchema = Type.Object(
  {
    type: Type.Literal('system'),
    id: Type.Integer({ minimum: 1 }),
    sender: Type.Literal(SYSTEM_SENDER),
    content: Type.String({ description: 'e.g. "Alice joined the chat"' }),
    timestamp: Timestamp,
    event: Type.Union([Type.Literal('join'), Type.Literal('leave')]),
    name: Type.String({ description: 'The member the notice is about' }),
  },
  { description: 'Join and leave notices, kept in history like messages.' },
)

const UsersFrameSchema = Type.Object(
  {
    type: Type.Literal('users'),
    sender: Type.Literal(USER_LIST_SENDER),
    content: Type.Array(MemberSchema),
  },
  {
    description:
      'The member list, on every change (in rooms over 50 members, a burst of changes is sent as its latest list).',
  },
)

const TypingFrameSchema = Type.Object(
  {
    type: Type.Literal('typing'),
    sender: Type.Literal(TYPING_SENDER),
    content: Type.String({ description: 'Who is typing' }),
  },
  { description: 'Someone else is typing; never sent back to the typist.' },
)

export const RoomInfoSchema = Type.Object(
  {
    room_id: Type.String({ description: 'URL-safe, unguessable id (128 random bits)' }),
    created_at: Type.String({ format: 'date-time' }),
    expires_at: Type.String({ format: 'date-time' }),
    ttl_seconds: Type.Integer({ minimum: 0, description: 'Whole seconds left' }),
    encrypted: Type.Boolean({
      description:
        'End-to-end encrypted: every chat `content` is an e1 envelope (protocol/envelope.ts) that the server checks for shape and cannot read; the key never reaches the server',
    }),
  },
  { $id: 'RoomInfo' },
)

const ClientLimitsSchema = Type.Object({
  message_max_chars: Type.Integer(),
  name_max_chars: Type.Integer(),
  messages_per_second: Type.Integer(),
  message_burst: Type.Integer(),
})

const JoinedFrameSchema = Type.Object(
  {
    type: Type.Literal('joined'),
    protocol: Type.Integer({ description: 'PROTOCOL_VERSION' }),
    name: Type.String(),
    avatar: Type.String(),
    room: RoomInfoSchema,
    server_time: Timestamp,
    limits: ClientLimitsSchema,
    resume_token: Type.Optional(
      Type.String({
        description:
          'Only when the join asked (`resume` or `resume_token`): a fresh secret that lets this member come back within the reconnect grace time without leave/join notices. Keep it in the tab; never show it',
      }),
    ),
  },
  { description: 'The join succeeded. Sent once, before `history`.' },
)

const HistoryFrameSchema = Type.Object(
  {
    type: Type.Literal('history'),
    messages: Type.Array(Type.Union([MessageFrameSchema, SystemFrameSchema])),
  },
  {
    description:
      'Once, right after `joined`: earlier messages (or exactly those after `last_id`), oldest first.',
  },
)

const ErrorFrameSchema = Type.Object(
  {
    type: Type.Literal('error'),
    sender: Type.Literal(ERROR_SENDER),
    code: Type.Union(ERROR_CODES.map((code) => Type.Literal(code))),
    message: Type.String({ description: 'What went wrong, in words to show the user' }),
    client_id: Type.Optional(
      Type.String({ description: "The refused message's own `client_id`, when it had one" }),
    ),
  },
  { description: 'A frame was refused. The connection stays open unless a close follows.' },
)

const PongFrameSchema = Type.Object(
  { type: Type.Literal('pong') },
  { description: 'The answer to `ping`.' },
)

export const SERVER_FRAME_SCHEMAS = [
  JoinedFrameSchema,
  HistoryFrameSchema,
  MessageFrameSchema,
  SystemFrameSchema,
  UsersFrameSchema,
  TypingFrameSchema,
  ErrorFrameSchema,
  PongFrameSchema,
] as const

// ---------------------------------------------------------------------------
// REST

/** `POST /api/rooms/`: every field optional, so an empty body (the seed clients') still works. */
export const CreateRoomBodySchema = Type.Object(
  {
    encrypted: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'Make an end-to-end encrypted room (the web app does). Omitted: a plain room the server can read',
      }),
    ),
  },
  { additionalProperties: true },
)

export const ErrorBodySchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
  },
  { $id: 'ErrorBody' },
)

// ---------------------------------------------------------------------------
// Types, derived once from the schemas above

export type ClientJoin = Static<typeof ClientJoinSchema>
/** A chat message as parsed: the parser gives a chat sent without `type` its `message` type. */
export type ClientChat = Static<typeof ClientChatSchema>
export type ClientFrame =
  ClientJoin | ClientChat | Static<typeof ClientTypingSchema> | Static<typeof ClientPingSchema>

export type Member = Static<typeof MemberSchema>
export type ReplyQuote = Static<typeof ReplyQuoteSchema>
export type MessageFrame = Static<typeof MessageFrameSchema>
export type SystemFrame = Static<typeof SystemFrameSchema>
/** Messages that have an id and live in the room's history. */
export type StoredFrame = MessageFrame | SystemFrame
export type UsersFrame = Static<typeof UsersFrameSchema>
export type TypingFrame = Static<typeof TypingFrameSchema>
export type RoomInfo = Static<typeof RoomInfoSchema>
export type ClientLimits = Static<typeof ClientLimitsSchema>
export type JoinedFrame = Static<typeof JoinedFrameSchema>
export type HistoryFrame = Static<typeof HistoryFrameSchema>
export type ErrorFrame = Static<typeof ErrorFrameSchema>
export type ServerFrame =
  | MessageFrame
  | SystemFrame
  | UsersFrame
  | TypingFrame
  | JoinedFrame
  | HistoryFrame
  | ErrorFrame
  | Static<typeof PongFrameSchema>
export type ErrorBody = Static<typeof ErrorBodySchema>
export type CreateRoomBody = Static<typeof CreateRoomBodySchema>
