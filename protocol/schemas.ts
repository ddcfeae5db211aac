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
    epoch: Type.Optional(
      Type.String({
        maxLength: 64,
        description:
          'With `last_id`: the `epoch` of the previous `joined`. Stale: `recovered: false` and the whole history; absent: the slice after `last_id`, unchecked',
      }),
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
    creator_token: Type.Optional(
      Type.String({
        maxLength: 128,
        description:
          'The `creator_token` the room was created with: proves host powers (lock, remove, destroy). Never relayed',
      }),
    ),
    browser_token: Type.Optional(
      Type.String({
        maxLength: 128,
        description:
          "A random secret this browser keeps (the web app: 128 bits in localStorage). The server keeps only its hash, for the room's lifetime: a removed browser stays out, a member who dropped may come back into a locked room",
      }),
    ),
  },
  {
    description:
      'First frame. `last_id` (optional): the last message id seen, to rejoin after a drop and get exactly what was missed. `resume` / `resume_token` (optional): quiet reconnects. `creator_token`, `browser_token`: optional, see the fields.',
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

export const ClientLockSchema = Type.Object(
  { type: Type.Literal('lock') },
  {
    description:
      'Host only: refuse new joins (4011) until `unlock`. Members inside, and those back within `LOCK_RESUME_GRACE_SECONDS` of a drop, stay.',
  },
)

export const ClientUnlockSchema = Type.Object(
  { type: Type.Literal('unlock') },
  { description: 'Host only: let new members join again.' },
)

export const ClientRemoveSchema = Type.Object(
  {
    type: Type.Literal('remove'),
    name: Type.String({ maxLength: 256, description: 'The member to remove, as in `users`' }),
  },
  {
    description:
      'Host only: close that member (4012); their browser and their name cannot rejoin until the room ends.',
  },
)

export const ClientDestroySchema = Type.Object(
  { type: Type.Literal('destroy') },
  {
    description:
      'Host only: end the room now. Every member is closed with 4010 and everything of the room is deleted at once.',
  },
)

export const CLIENT_FRAME_SCHEMAS = [
  ClientJoinSchema,
  ClientChatSchema,
  ClientTypingSchema,
  ClientPingSchema,
  ClientLockSchema,
  ClientUnlockSchema,
  ClientRemoveSchema,
  ClientDestroySchema,
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
    lifetime_seconds: Type.Optional(
      Type.Integer({ minimum: 1, description: 'The lifetime chosen at creation, in seconds' }),
    ),
    locked: Type.Optional(
      Type.Boolean({ description: 'The host locked the room: new joins are refused (4011)' }),
    ),
  },
  { $id: 'RoomInfo' },
)

const ClientLimitsSchema = Type.Object({
  message_max_chars: Type.Integer(),
  name_max_chars: Type.Integer(),
  messages_per_second: Type.Integer(),
  message_burst: Type.Integer(),
  typing_throttle_ms: Type.Optional(
    Type.Integer({
      description: 'The server relays at most one typing notice per member this often',
    }),
  ),
  name_hold_seconds: Type.Optional(
    Type.Integer({
      description:
        'The longest a name stays held after its connection is gone (the reconnect grace, or on ' +
        'Redis a member of a process that died): a client rejoining under its own name retries ' +
        '`name_taken` this long',
    }),
  ),
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
    epoch: Type.Optional(
      Type.String({
        description:
          "The room's history generation: changes when its history may have been lost or reset. Send it back with `last_id` when rejoining",
      }),
    ),
    recovered: Type.Optional(
      Type.Boolean({
        description:
          'Only on a join with `last_id`: true when `history` is exactly what came after it; false when the epoch did not match (the history is then the whole room: drop what you hold)',
      }),
    ),
    resume_token: Type.Optional(
      Type.String({
        description:
          'Only when the join asked (`resume` or `resume_token`): a fresh secret that lets this member come back within the reconnect grace time without leave/join notices. Keep it in the tab; never show it',
      }),
    ),
    host: Type.Optional(
      Type.Boolean({
        description: 'This member proved the creator token: host powers. Only ever sent to them',
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

const RoomStateFrameSchema = Type.Object(
  {
    type: Type.Literal('room_state'),
    locked: Type.Boolean({ description: 'New joins are refused' }),
  },
  { description: 'The host locked or unlocked the room, to every member.' },
)

const RoomClosedFrameSchema = Type.Object(
  {
    type: Type.Literal('room_closed'),
    reason: Type.Literal('host'),
  },
  {
    description:
      'The host ended the room: a 4010 close follows, and everything of the room is already deleted.',
  },
)

const MemberRemovedFrameSchema = Type.Object(
  {
    type: Type.Literal('member_removed'),
    name: Type.String({ description: 'The member the host removed' }),
  },
  {
    description:
      'The host removed a member (to everyone else; the member is closed with 4012). A `users` frame follows.',
  },
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
  RoomStateFrameSchema,
  RoomClosedFrameSchema,
  MemberRemovedFrameSchema,
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
    ttl_seconds: Type.Optional(
      Type.Integer({
        description:
          'Lifetime in seconds, from `min_room_ttl_seconds` (60) to `max_room_ttl_seconds` (`GET /api/config`); out of range: 422. Omitted: `CHATTY_ROOM_TTL_SECONDS`',
      }),
    ),
  },
  { additionalProperties: true },
)

/** `POST /api/rooms/` 201: the room, and the creator token, to the creator only. */
export const CreatedRoomSchema = Type.Composite(
  [
    RoomInfoSchema,
    Type.Object({
      creator_token: Type.String({
        description:
          'Proves host powers in `join` (`creator_token`). Returned once, only here; the server keeps only its hash. 192 random bits, base64url',
      }),
    }),
  ],
  { $id: 'CreatedRoom' },
)

/** `GET /api/config`: what the web app needs to offer before a room exists. */
export const PublicConfigSchema = Type.Object(
  {
    min_room_ttl_seconds: Type.Integer(),
    max_room_ttl_seconds: Type.Integer({ description: '`CHATTY_MAX_ROOM_TTL_SECONDS`' }),
    default_room_ttl_seconds: Type.Integer({ description: '`CHATTY_ROOM_TTL_SECONDS`' }),
  },
  { $id: 'PublicConfig' },
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
export type ClientRemove = Static<typeof ClientRemoveSchema>
export type ClientFrame =
  | ClientJoin
  | ClientChat
  | Static<typeof ClientTypingSchema>
  | Static<typeof ClientPingSchema>
  | Static<typeof ClientLockSchema>
  | Static<typeof ClientUnlockSchema>
  | ClientRemove
  | Static<typeof ClientDestroySchema>

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
export type RoomStateFrame = Static<typeof RoomStateFrameSchema>
export type RoomClosedFrame = Static<typeof RoomClosedFrameSchema>
export type MemberRemovedFrame = Static<typeof MemberRemovedFrameSchema>
export type ServerFrame =
  | MessageFrame
  | SystemFrame
  | UsersFrame
  | TypingFrame
  | JoinedFrame
  | HistoryFrame
  | ErrorFrame
  | Static<typeof PongFrameSchema>
  | RoomStateFrame
  | RoomClosedFrame
  | MemberRemovedFrame
export type ErrorBody = Static<typeof ErrorBodySchema>
export type CreatedRoom = Static<typeof CreatedRoomSchema>
export type PublicConfig = Static<typeof PublicConfigSchema>
export type CreateRoomBody = Static<typeof CreateRoomBodySchema>
