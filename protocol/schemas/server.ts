/** Server → client frames: their schemas (for `/docs`) and the types derived from them. */
import { Type, type Static } from '@sinclair/typebox'
import {
  ERROR_CODES,
  ERROR_SENDER,
  SYSTEM_SENDER,
  TYPING_SENDER,
  USER_LIST_SENDER,
} from '../codes.js'
import { Timestamp } from './common.js'
import {
  InvitationFrameSchema,
  InvitationsFrameSchema,
  RoomPasswordSchema,
  type InvitationFrame,
  type InvitationsFrame,
} from './access.js'

const MemberSchema = Type.Object({ name: Type.String(), avatar: Type.String() })

const ReplyQuoteSchema = Type.Object({
  id: Type.Integer(),
  sender: Type.String(),
  deleted: Type.Optional(
    Type.Literal(true, { description: 'The quoted message was deleted: nothing of it is quoted' }),
  ),
  excerpt: Type.Optional(
    Type.String({
      description:
        'The first characters of the quoted message. Absent in encrypted rooms: the server cannot read the quote, so clients draw it from their own decrypted copy',
    }),
  ),
})

const MessageFileSchema = Type.Object(
  {
    blob: Type.String({ description: 'Download: `GET /api/rooms/{room_id}/files/{blob}`' }),
    name: Type.Optional(Type.String()),
    type: Type.Optional(Type.String()),
    size: Type.Optional(Type.Integer()),
    width: Type.Optional(Type.Integer()),
    height: Type.Optional(Type.Integer()),
    preview: Type.Optional(Type.String()),
  },
  {
    description:
      'A file (`protocol/files.ts`). Plain room: with its name, type, size, an image\'s width and height and a tiny preview; `content` then starts with a line a client that knows nothing of files can show ("📎 report.pdf (300 KB)"), then the caption. Encrypted room: `blob` only, the rest is inside the envelope',
  },
)

const ReactionSchema = Type.Object({
  sender: Type.String({ description: 'Who reacted' }),
  reaction: Type.String({ description: 'The emoji, or in an encrypted room its envelope' }),
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
    file: Type.Optional(MessageFileSchema),
    edited_at: Type.Optional(Timestamp),
    reactions: Type.Optional(Type.Array(ReactionSchema)),
    expires_at: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'A vanishing message: when it is deleted everywhere',
      }),
    ),
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
    event: Type.Union([Type.Literal('join'), Type.Literal('leave'), Type.Literal('rename')]),
    name: Type.String({
      description: 'The member the notice is about (after a rename: its new name)',
    }),
    from: Type.Optional(
      Type.String({ description: 'On a `rename`: the name the member had before' }),
    ),
  },
  { description: 'Join, leave and rename notices, kept in history like messages.' },
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
    vanish_seconds: Type.Optional(
      Type.Integer({
        description: "The host's default message timer, in seconds: new messages vanish after it",
      }),
    ),
    key_check: Type.Optional(
      Type.String({
        description:
          'Encrypted rooms made with one: opens only with the room key (`protocol/key-check.ts`). A client checks the key from the link against it before joining',
      }),
    ),
    password: Type.Optional(RoomPasswordSchema),
    invitation_only: Type.Optional(
      Type.Boolean({
        description:
          'The host made the room invitation only: the room link alone admits nobody new (4014)',
      }),
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
  max_file_bytes: Type.Optional(
    Type.Integer({
      description:
        'The largest file a member may send, in bytes of content (`CHATTY_MAX_FILE_BYTES`); absent: files are not taken',
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
    features: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'What this server does beyond the original protocol (`SERVER_FEATURES`): a client hides what is missing (an older server during a rolling deploy). Absent: none of them',
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
    vanish_seconds: Type.Optional(
      Type.Integer({ description: "The room's default message timer (0: off)" }),
    ),
    invitation_only: Type.Optional(
      Type.Boolean({
        description:
          'Sent when the host switches it: the room link alone admits nobody new. Absent: unchanged',
      }),
    ),
  },
  {
    description:
      'The host locked or unlocked the room, or switched invitation only, to every member.',
  },
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

const RenamedFrameSchema = Type.Object(
  {
    type: Type.Literal('renamed'),
    name: Type.String({ description: 'The name the server accepted (it may tidy spaces)' }),
    avatar: Type.String(),
  },
  { description: 'To the member who sent `rename`: it now has this name and avatar.' },
)

const UploadReadyFrameSchema = Type.Object(
  {
    type: Type.Literal('upload_ready'),
    blob: Type.String({ description: 'The new blob id (128 random bits, base64url)' }),
    token: Type.String({
      description: "This blob's upload token: `Authorization: Bearer <token>` on its chunks",
    }),
    chunk_bytes: Type.Integer({ description: 'Bytes of every chunk but the last' }),
    chunks: Type.Integer({ description: 'How many chunks to send' }),
    client_id: Type.Optional(Type.String()),
  },
  { description: 'The answer to `upload`: send the chunks over HTTP, then the message.' },
)

const DeletedFrameSchema = Type.Object(
  {
    type: Type.Literal('deleted'),
    message_id: Type.Integer(),
    by: Type.Union([Type.Literal('author'), Type.Literal('host'), Type.Literal('timer')]),
  },
  {
    description:
      'A message was deleted (by its author, the host, or its timer): drop it, and every quote of it. It is gone from history too.',
  },
)

const EditedFrameSchema = Type.Object(
  {
    type: Type.Literal('edited'),
    message_id: Type.Integer(),
    content: Type.String({ description: 'The new text (or envelope)' }),
    edited_at: Timestamp,
  },
  { description: 'A message’s author changed its text: show the new one, marked edited.' },
)

const ReactionsFrameSchema = Type.Object(
  {
    type: Type.Literal('reactions'),
    message_id: Type.Integer(),
    reactions: Type.Array(ReactionSchema),
  },
  { description: 'A message’s reactions changed: its whole list.' },
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
  RenamedFrameSchema,
  UploadReadyFrameSchema,
  DeletedFrameSchema,
  EditedFrameSchema,
  ReactionsFrameSchema,
  InvitationFrameSchema,
  InvitationsFrameSchema,
] as const

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
export type RenamedFrame = Static<typeof RenamedFrameSchema>
export type UploadReadyFrame = Static<typeof UploadReadyFrameSchema>
export type MessageFile = Static<typeof MessageFileSchema>
export type Reaction = Static<typeof ReactionSchema>
export type DeletedFrame = Static<typeof DeletedFrameSchema>
export type EditedFrame = Static<typeof EditedFrameSchema>
export type ReactionsFrame = Static<typeof ReactionsFrameSchema>
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
  | RenamedFrame
  | UploadReadyFrame
  | DeletedFrame
  | EditedFrame
  | ReactionsFrame
  | InvitationFrame
  | InvitationsFrame
