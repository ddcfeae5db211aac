/** Client → server frames: the schemas the server validates every frame with, and their types. */
import { Type, type Static } from '@sinclair/typebox'
import { Avatar } from './common.js'
import {
  FILE_MAX_DIMENSION,
  FILE_NAME_MAX_CHARS,
  FILE_PREVIEW_MAX_CHARS,
  FILE_TYPE_MAX_CHARS,
} from '../files.js'
import {
  ClientInvitationOnlySchema,
  ClientInviteSchema,
  ClientRevokeInvitationSchema,
  JoinAccessFields,
  type ClientInvitationOnly,
  type ClientInvite,
  type ClientRevokeInvitation,
} from './access.js'

/** A file attached to a chat message (see `protocol/files.ts`). */
export const ClientFileSchema = Type.Object(
  {
    blob: Type.String({ maxLength: 64, description: 'The `blob` of a finished upload' }),
    name: Type.Optional(Type.String({ maxLength: FILE_NAME_MAX_CHARS })),
    type: Type.Optional(Type.String({ maxLength: FILE_TYPE_MAX_CHARS })),
    size: Type.Optional(Type.Integer({ minimum: 0 })),
    width: Type.Optional(Type.Integer({ minimum: 1, maximum: FILE_MAX_DIMENSION })),
    height: Type.Optional(Type.Integer({ minimum: 1, maximum: FILE_MAX_DIMENSION })),
    preview: Type.Optional(Type.String({ maxLength: FILE_PREVIEW_MAX_CHARS })),
  },
  {
    description:
      'Plain room: the blob and its description (`name` and `size` required, `type`, `width`, `height`, `preview` optional). Encrypted room: `blob` only; the description travels inside the envelope',
  },
)

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
    ...JoinAccessFields,
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
    file: Type.Optional(ClientFileSchema),
    vanish_seconds: Type.Optional(
      Type.Integer({
        description:
          "A vanishing message: deleted everywhere this many seconds after it is stored (one of `VANISH_CHOICES`; 0: never). Absent: the room's default",
      }),
    ),
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

export const ClientRenameSchema = Type.Object(
  {
    type: Type.Literal('rename'),
    sender: Type.String({ description: 'The new display name (the same rules as in `join`)' }),
    avatar: Type.Optional(Avatar),
  },
  {
    description:
      'A member changes its name or avatar without leaving: the others see one notice ("Ben is now Benjamin", `event: "rename"`) and the member list; the member gets `renamed`. Refused like a join: `name_taken`, `invalid_name`, `invalid_avatar`.',
  },
)

export const ClientUploadSchema = Type.Object(
  {
    type: Type.Literal('upload'),
    size: Type.Integer({
      minimum: 1,
      description:
        'Bytes the upload will store: the file, or in an encrypted room its padded ciphertext (a bucket of chunks × `chunk_bytes`)',
    }),
    client_id: Type.Optional(Type.String({ maxLength: 64, description: 'Echoed back' })),
  },
  {
    description:
      'Ask to upload a file (`protocol/files.ts`): answered `upload_ready` with the blob id and its token, or an error (`file_too_large`, `files_full`, `rate_limited`, `store_full`).',
  },
)

const MessageId = Type.Integer({ minimum: 1, description: 'The message’s `id`' })

export const ClientDeleteSchema = Type.Object(
  { type: Type.Literal('delete'), id: MessageId },
  {
    description:
      "Delete a message for everyone, and from history: one's own, or (the host) anyone's. Everyone gets `deleted`.",
  },
)

export const ClientEditSchema = Type.Object(
  {
    type: Type.Literal('edit'),
    id: MessageId,
    content: Type.String({
      description:
        "The new text (in an encrypted room its envelope, of the same shape as the message's: a file message's sealed JSON keeps its file)",
    }),
  },
  {
    description:
      "Replace the text of one's own message: everyone gets `edited`, history keeps only the new text.",
  },
)

export const ClientReactSchema = Type.Object(
  {
    type: Type.Literal('react'),
    id: MessageId,
    reaction: Type.String({
      maxLength: 256,
      description:
        'An emoji (plain room), or its envelope (encrypted room: `e1`, additional data `reactionAdditionalData`)',
    }),
    remove: Type.Optional(Type.Boolean({ description: 'Take this reaction back' })),
  },
  { description: 'React to a message, or take a reaction back: everyone gets `reactions`.' },
)

export const ClientRoomSettingsSchema = Type.Object(
  {
    type: Type.Literal('room_settings'),
    vanish_seconds: Type.Integer({
      description: "Host only: the room's default message timer (one of `VANISH_CHOICES`; 0: off)",
    }),
  },
  { description: 'Host only: the room’s settings; everyone gets `room_state`.' },
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
  ClientRenameSchema,
  ClientUploadSchema,
  ClientDeleteSchema,
  ClientEditSchema,
  ClientReactSchema,
  ClientRoomSettingsSchema,
  ClientInviteSchema,
  ClientRevokeInvitationSchema,
  ClientInvitationOnlySchema,
] as const

export type ClientJoin = Static<typeof ClientJoinSchema>
/** A chat message as parsed: the parser gives a chat sent without `type` its `message` type. */
export type ClientChat = Static<typeof ClientChatSchema>
export type ClientRemove = Static<typeof ClientRemoveSchema>
export type ClientRename = Static<typeof ClientRenameSchema>
export type ClientUpload = Static<typeof ClientUploadSchema>
export type ClientFile = Static<typeof ClientFileSchema>
export type ClientDelete = Static<typeof ClientDeleteSchema>
export type ClientEdit = Static<typeof ClientEditSchema>
export type ClientReact = Static<typeof ClientReactSchema>
export type ClientRoomSettings = Static<typeof ClientRoomSettingsSchema>
export type ClientFrame =
  | ClientJoin
  | ClientChat
  | Static<typeof ClientTypingSchema>
  | Static<typeof ClientPingSchema>
  | Static<typeof ClientLockSchema>
  | Static<typeof ClientUnlockSchema>
  | ClientRemove
  | Static<typeof ClientDestroySchema>
  | ClientRename
  | ClientUpload
  | ClientDelete
  | ClientEdit
  | ClientReact
  | ClientRoomSettings
  | ClientInvite
  | ClientRevokeInvitation
  | ClientInvitationOnly
