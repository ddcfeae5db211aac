/** REST: create a room, describe a room. */
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  AccessCheckBodySchema,
  InvitationStatusBodySchema,
  InvitationStatusSchema,
  CreateRoomBodySchema,
  CreatedRoomSchema,
  ErrorBodySchema,
  PublicConfigSchema,
  RoomInfoSchema,
} from '../../../protocol/schemas.js'
import { toRoomInfo, type RoomService } from '../rooms/room-service.js'
import { errorBody } from '../error-body.js'

const TtlErrorBodySchema = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  min_ttl_seconds: Type.Integer(),
  max_ttl_seconds: Type.Integer(),
})

export interface RoomRoutesOptions {
  rooms: RoomService
  roomsPerWindow: number
  windowMs: number
}

export async function roomRoutes(app: FastifyInstance, opts: RoomRoutesOptions): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const { rooms } = opts

  api.post(
    '/api/rooms/',
    {
      config: { rateLimit: { max: opts.roomsPerWindow, timeWindow: opts.windowMs } },
      // A seed client's bare POST has no body at all: that is `{}`, a plain room.
      preValidation: async (request) => {
        request.body ??= {}
      },
      schema: {
        summary: 'Create a room',
        description:
          'Creates a room that expires after `ttl_seconds` (from 60 to `CHATTY_MAX_ROOM_TTL_SECONDS`; ' +
          'omitted: `CHATTY_ROOM_TTL_SECONDS`, one hour by default). ' +
          'The body may be empty or any JSON object (another content type: 415); ' +
          '`{"encrypted": true}` makes an end-to-end encrypted room. A room password: `password` ' +
          '(plain rooms) or `password_kdf` with `password_check` (encrypted rooms; 400 for a mix). ' +
          'The answer carries the ' +
          '`creator_token`, given only here. Limited per client address.',
        tags: ['rooms'],
        body: CreateRoomBodySchema,
        response: {
          201: CreatedRoomSchema,
          400: Type.Ref(ErrorBodySchema),
          415: Type.Ref(ErrorBodySchema),
          422: TtlErrorBodySchema,
          429: Type.Ref(ErrorBodySchema),
          503: Type.Ref(ErrorBodySchema),
        },
      },
    },
    async (request, reply) => {
      const { info, creatorToken } = await rooms.create({
        encrypted: request.body?.encrypted === true,
        ...(request.body?.ttl_seconds !== undefined && { ttlSeconds: request.body.ttl_seconds }),
        ...(request.body?.key_check !== undefined && { keyCheck: request.body.key_check }),
        ...(request.body?.password !== undefined && { password: request.body.password }),
        ...(request.body?.password_kdf && { passwordKdf: request.body.password_kdf }),
        ...(request.body?.password_check && { passwordCheck: request.body.password_check }),
      })
      return reply.code(201).send({ ...info, creator_token: creatorToken })
    },
  )

  api.get(
    '/api/config',
    {
      schema: {
        summary: 'What a new room may be: the lifetimes a creator can choose',
        tags: ['rooms'],
        response: { 200: PublicConfigSchema },
      },
    },
    async () => ({
      min_room_ttl_seconds: rooms.lifetimes.minSeconds,
      max_room_ttl_seconds: rooms.lifetimes.maxSeconds,
      default_room_ttl_seconds: rooms.lifetimes.defaultSeconds,
    }),
  )

  api.get(
    '/api/rooms/:room_id',
    {
      schema: {
        summary: 'Get a room and the seconds it has left',
        tags: ['rooms'],
        params: Type.Object({ room_id: Type.String() }),
        response: {
          200: RoomInfoSchema,
          404: Type.Ref(ErrorBodySchema),
        },
      },
    },
    async (request) => toRoomInfo(await rooms.get(request.params.room_id)),
  )

  api.post(
    '/api/rooms/:room_id/access',
    {
      schema: {
        summary: 'Try a room password before joining',
        description:
          'Checks a password room’s `password` (plain room) or `password_check` (encrypted room, ' +
          '`protocol/room-access.ts`) without joining: 204 when right (or the room has none), ' +
          '403 `wrong_password` / `password_required`, 429 `too_many_attempts` with `Retry-After` ' +
          '(wrong tries are limited per address and per room, with the joins’). The join still carries it.',
        tags: ['rooms'],
        params: Type.Object({ room_id: Type.String() }),
        body: AccessCheckBodySchema,
        response: {
          204: Type.Null(),
          400: Type.Ref(ErrorBodySchema),
          403: Type.Ref(ErrorBodySchema),
          404: Type.Ref(ErrorBodySchema),
          429: Type.Ref(ErrorBodySchema),
        },
      },
    },
    async (request, reply) => {
      await rooms.checkAccess(request.params.room_id, request.body, request.ip)
      return reply.code(204).send(null)
    },
  )

  api.post(
    '/api/rooms/:room_id/invitation',
    {
      schema: {
        summary: 'Where an invitation stands, without spending it',
        description:
          'The state of the invitation whose token (from the link fragment) is `token`: `open`, ' +
          '`used`, `revoked`, or `invalid` when the room has none with that token. Never spends ' +
          'it: only a join does. A POST, so the token stays out of every URL and log.',
        tags: ['rooms'],
        params: Type.Object({ room_id: Type.String() }),
        body: InvitationStatusBodySchema,
        response: { 200: InvitationStatusSchema, 404: Type.Ref(ErrorBodySchema) },
      },
    },
    async (request) => ({
      state: await rooms.invitation(request.params.room_id, request.body.token),
    }),
  )

  // Anything else under /api/ is a JSON 404 from the API, never a file lookup by the
  // static handler. A room read the router did not take (an id longer than it allows) is a
  // missing room like any other; every other path is named back to the client, so that a
  // typo is not mistaken for an expired room. Only to the client: nothing here is logged,
  // and the request log has the route pattern (`/api/*`), never the path or its room id.
  api.all('/api/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?', 1)[0] ?? ''
    const roomRead = (request.method === 'GET' || request.method === 'HEAD') && ROOM_PATH.test(path)
    const message = roomRead
      ? 'Room not found or expired'
      : `No such API endpoint: ${request.method} ${shortened(path)}`
    return reply.code(404).send(errorBody(404, message))
  })
}

/** `/api/rooms/{room_id}`, with the trailing slash the router also takes. */
const ROOM_PATH = /^\/api\/rooms\/[^/]+\/?$/

/** A path as echoed in an error: a URL may be kilobytes long, an answer need not be. */
const ECHOED_PATH_MAX_CHARS = 200

function shortened(path: string): string {
  return path.length > ECHOED_PATH_MAX_CHARS ? `${path.slice(0, ECHOED_PATH_MAX_CHARS)}…` : path
}
