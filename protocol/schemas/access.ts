/**
 * The frames and bodies of room access (`protocol/room-access.ts`): a room password, and the
 * host's single-use invitations and invitation-only switch.
 */
import { Type, type Static } from '@sinclair/typebox'
import { DERIVED_CHECK_CHARS, DERIVED_CHECK_PATTERN } from '../key-check.js'
import {
  INVITATION_LABEL_MAX_CHARS,
  INVITATION_TOKEN_PATTERN,
  PASSWORD_KDF_BOUNDS,
  PASSWORD_KDF_NAME,
  PASSWORD_MAX_CHARS,
  PASSWORD_SALT_PATTERN,
} from '../room-access.js'

const { memory_kib, iterations, parallelism } = PASSWORD_KDF_BOUNDS

export const PasswordKdfSchema = Type.Object(
  {
    name: Type.Literal(PASSWORD_KDF_NAME),
    salt: Type.String({
      pattern: PASSWORD_SALT_PATTERN,
      description: '16 random bytes, base64url',
    }),
    memory_kib: Type.Integer({ minimum: memory_kib.min, maximum: memory_kib.max }),
    iterations: Type.Integer({ minimum: iterations.min, maximum: iterations.max }),
    parallelism: Type.Integer({ minimum: parallelism.min, maximum: parallelism.max }),
  },
  {
    additionalProperties: false,
    description:
      "How the browser derives an encrypted room's key from its password (`protocol/room-access.ts`)",
  },
)

/** A password (plain rooms: the server checks it). */
export const PasswordSchema = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_CHARS })

/** A derived key check (`kc2`): an encrypted room's password verifier. */
export const PasswordCheckSchema = Type.String({
  pattern: DERIVED_CHECK_PATTERN,
  maxLength: DERIVED_CHECK_CHARS,
})

/** The room info's `password`: present when joining takes one. */
export const RoomPasswordSchema = Type.Object(
  {
    kdf: Type.Optional(PasswordKdfSchema),
  },
  {
    description:
      'Joining takes a password. Plain room: `{}`, send it as `password`. Encrypted room: `{kdf}`, derive the key and its `password_check` from it in the browser',
  },
)

/** Join fields that open a password room or spend an invitation. */
export const JoinAccessFields = {
  password: Type.Optional(
    Type.String({
      maxLength: PASSWORD_MAX_CHARS,
      description: "A plain room's password. Never logged",
    }),
  ),
  password_check: Type.Optional(
    Type.String({
      maxLength: DERIVED_CHECK_CHARS,
      description:
        "An encrypted room's password verifier (`kc2:…`, `protocol/key-check.ts`), derived from the password in the browser",
    }),
  ),
  invitation: Type.Optional(
    Type.String({
      maxLength: 64,
      description:
        'An invitation token (from the link fragment): spent by this join when it admits a new member',
    }),
  ),
}

// ---- Client frames (host only) ----

export const ClientInviteSchema = Type.Object(
  {
    type: Type.Literal('invite'),
    label: Type.Optional(
      Type.String({
        maxLength: INVITATION_LABEL_MAX_CHARS,
        description: 'Whom it is for, for the host’s list only',
      }),
    ),
    client_id: Type.Optional(Type.String({ maxLength: 64, description: 'Echoed back' })),
  },
  {
    description:
      'Host only: a new single-use invitation, answered `invitation` (its token, once); `invitations` follows.',
  },
)

export const ClientRevokeInvitationSchema = Type.Object(
  {
    type: Type.Literal('revoke_invitation'),
    id: Type.String({ maxLength: 64, description: 'The `id` from `invitations`' }),
  },
  { description: 'Host only: an open invitation no longer admits anyone.' },
)

export const ClientInvitationOnlySchema = Type.Object(
  { type: Type.Literal('invitation_only'), enabled: Type.Boolean() },
  {
    description:
      'Host only: the room link alone no longer admits anyone new (`enabled: true`), or again does. Members who were in may come back.',
  },
)

export type ClientInvite = Static<typeof ClientInviteSchema>
export type ClientRevokeInvitation = Static<typeof ClientRevokeInvitationSchema>
export type ClientInvitationOnly = Static<typeof ClientInvitationOnlySchema>

// ---- Server frames (to the host only) ----

const OpenInvitationSchema = Type.Object({
  id: Type.String({ description: 'Names it in `revoke_invitation`; not the token' }),
  label: Type.Optional(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
})

export const InvitationFrameSchema = Type.Object(
  {
    type: Type.Literal('invitation'),
    id: Type.String(),
    token: Type.String({
      pattern: INVITATION_TOKEN_PATTERN,
      description:
        'The secret that goes into the link fragment (`#<key>&invite=<token>`). Given once, only here; the server keeps a hash',
    }),
    label: Type.Optional(Type.String()),
    created_at: Type.String({ format: 'date-time' }),
    client_id: Type.Optional(Type.String()),
  },
  { description: 'To the host who sent `invite`: the new invitation.' },
)

export const InvitationsFrameSchema = Type.Object(
  { type: Type.Literal('invitations'), open: Type.Array(OpenInvitationSchema) },
  {
    description:
      'To the host only: the open invitations, oldest first, after its `history` and on every change (made, used, revoked).',
  },
)

export type OpenInvitation = Static<typeof OpenInvitationSchema>
export type InvitationFrame = Static<typeof InvitationFrameSchema>
export type InvitationsFrame = Static<typeof InvitationsFrameSchema>

// ---- REST ----

/** `POST /api/rooms/{id}/access`: try a password before joining. */
export const AccessCheckBodySchema = Type.Object(
  {
    password: Type.Optional(PasswordSchema),
    password_check: Type.Optional(PasswordCheckSchema),
  },
  { additionalProperties: false },
)

/** `POST /api/rooms/{id}/invitation`: where an invitation stands, without spending it. */
export const InvitationStatusBodySchema = Type.Object(
  { token: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
)

export const InvitationStatusSchema = Type.Object(
  {
    state: Type.Union(
      ['open', 'used', 'revoked', 'invalid'].map((state) => Type.Literal(state)),
      { description: '`invalid`: no invitation of this room has that token' },
    ),
  },
  { $id: 'InvitationStatus' },
)

export type AccessCheckBody = Static<typeof AccessCheckBodySchema>
export type InvitationStatus = Static<typeof InvitationStatusSchema>
