/**
 * TypeBox schemas for what the server validates (client frames) and documents (REST).
 * Server-only at run time: the web app imports types from `frames.ts`, never these.
 */
import { Type, type Static } from '@sinclair/typebox'

export const ClientJoinSchema = Type.Object({
  type: Type.Literal('join'),
  sender: Type.String({ description: 'Display name' }),
  avatar: Type.Optional(Type.String({ description: 'Avatar id, or "" for the initial' })),
  last_id: Type.Optional(
    Type.Integer({ minimum: 0, description: 'Last message id seen, when rejoining' }),
  ),
})

export const ClientChatSchema = Type.Object({
  type: Type.Optional(Type.Literal('message')),
  content: Type.String(),
  mentions: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
  reply_to: Type.Optional(Type.Integer({ minimum: 1 })),
  client_id: Type.Optional(Type.String({ maxLength: 64 })),
  // Accepted for compatibility with the original protocol, then ignored.
  sender: Type.Optional(Type.Unknown()),
  avatar: Type.Optional(Type.Unknown()),
  timestamp: Type.Optional(Type.Unknown()),
})

export const ClientTypingSchema = Type.Object({ type: Type.Literal('typing') })
export const ClientPingSchema = Type.Object({ type: Type.Literal('ping') })

export type ClientJoinInput = Static<typeof ClientJoinSchema>
export type ClientChatInput = Static<typeof ClientChatSchema>

export const RoomInfoSchema = Type.Object(
  {
    room_id: Type.String({ description: 'URL-safe, unguessable id (128 random bits)' }),
    created_at: Type.String({ format: 'date-time' }),
    expires_at: Type.String({ format: 'date-time' }),
    ttl_seconds: Type.Integer({ minimum: 0, description: 'Whole seconds left' }),
  },
  { $id: 'RoomInfo' },
)

export const ErrorBodySchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
  },
  { $id: 'ErrorBody' },
)

export type ErrorBody = Static<typeof ErrorBodySchema>
