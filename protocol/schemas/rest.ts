/** The REST bodies: `POST /api/rooms/`, `GET /api/config` and the error body. */
import { Type, type Static } from '@sinclair/typebox'
import { KEY_CHECK_CHARS, KEY_CHECK_PATTERN } from '../key-check.js'
import { RoomInfoSchema } from './server.js'
import { PasswordCheckSchema, PasswordKdfSchema, PasswordSchema } from './access.js'

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
    key_check: Type.Optional(
      Type.String({
        pattern: KEY_CHECK_PATTERN,
        maxLength: KEY_CHECK_CHARS,
        description:
          'Encrypted rooms: proof that only the room key opens (`protocol/key-check.ts`), so a link with a wrong key is caught before joining. Kept as opaque text, returned in the room info; ignored for a plain room',
      }),
    ),
    password: Type.Optional({
      ...PasswordSchema,
      description:
        'Plain rooms only: joining takes this password as well as the link. The server keeps a scrypt hash of it. With `encrypted`: 400 (an encrypted room’s password never reaches the server: send `password_kdf` and `password_check`)',
    }),
    password_kdf: Type.Optional({
      ...PasswordKdfSchema,
      description:
        'Encrypted rooms, with `password_check`: how the browser derived the room key from its password; published in the room info',
    }),
    password_check: Type.Optional({
      ...PasswordCheckSchema,
      description:
        'Encrypted rooms, with `password_kdf`: the password verifier (`kc2:…`, `protocol/key-check.ts`). The server keeps only a hash of it',
    }),
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
    code: Type.Optional(
      Type.String({
        description:
          'A reason a program can act on, when there is one: `store_full` (503: the store is out of memory; try again after `Retry-After`)',
      }),
    ),
  },
  { $id: 'ErrorBody' },
)

export type ErrorBody = Static<typeof ErrorBodySchema>
export type CreatedRoom = Static<typeof CreatedRoomSchema>
export type PublicConfig = Static<typeof PublicConfigSchema>
export type CreateRoomBody = Static<typeof CreateRoomBodySchema>
