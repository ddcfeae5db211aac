/**
 * REST: a room's files (`protocol/files.ts`). Chunks of an upload come in over HTTP, each with
 * the blob's upload token (given on the socket, to a member only); anyone who knows a blob's id
 * may download it while its room lives. The upload route alone takes bodies bigger than the
 * app's small default; downloads are sent as opaque attachments that no browser renders.
 */
import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ENCRYPTED_CHUNK_BYTES } from '../../../protocol/index.js'
import { ErrorBodySchema, type ErrorBody } from '../../../protocol/schemas.js'
import { errorBody } from '../error-body.js'
import { chunkLength, type FileService, type Upload } from '../files/file-service.js'

export interface FileRoutesOptions {
  files: FileService
  /** The per-address limits' window (the room-creation limit's): counters last this long. */
  windowMs: number
}

/** What a downloaded file may do in a browser that opens it anyway: nothing. */
const DOWNLOAD_CSP = "sandbox; default-src 'none'"
/** Chunk PUTs one address may make a minute: a 25 MB file is at most 512. */
const CHUNKS_PER_MINUTE = 1200
const DOWNLOADS_PER_MINUTE = 300
const GONE = 'This upload is gone (or its room ended).'

const REFUSALS = {
  no_token: [401, 'Send the upload token: Authorization: Bearer …'],
  gone: [404, GONE],
  wrong_token: [403, 'That token is not this upload’s.'],
} as const

const BlobParams = Type.Object({
  room_id: Type.String({ maxLength: 64 }),
  blob: Type.String({ maxLength: 64 }),
})
const ChunkParams = Type.Object({
  room_id: Type.String({ maxLength: 64 }),
  blob: Type.String({ maxLength: 64 }),
  index: Type.Integer({ minimum: 0 }),
})
const ErrorRef = Type.Ref(ErrorBodySchema)

export async function fileRoutes(app: FastifyInstance, opts: FileRoutesOptions): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>()
  const { files } = opts

  // Only in this plugin: a chunk's raw bytes, no bigger than an encrypted chunk.
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: ENCRYPTED_CHUNK_BYTES },
    (_request, body, done) => done(null, body),
  )

  /** The upload, once the request's bearer token proves it may write to it; else the refusal. */
  async function authorised(
    params: { room_id: string; blob: string },
    authorization: string | undefined,
  ): Promise<{ upload: Upload } | { refusal: ErrorBody & { statusCode: 401 | 403 | 404 } }> {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1]
    const found = await files.authorise(params.room_id, params.blob, token)
    if ('upload' in found) return found
    const [statusCode, message] = REFUSALS[found.refused]
    return { refusal: { ...errorBody(statusCode, message), statusCode } }
  }

  api.put(
    '/api/rooms/:room_id/files/:blob/chunks/:index',
    {
      bodyLimit: ENCRYPTED_CHUNK_BYTES,
      config: { rateLimit: limit(CHUNKS_PER_MINUTE, opts.windowMs, 'Too many chunks too fast.') },
      schema: {
        summary: 'Send one chunk of an upload',
        description:
          'Body: the chunk (`Content-Type: application/octet-stream`), every chunk `chunk_bytes` long but the last. `Authorization: Bearer <token>` from `upload_ready`. Sending a chunk again replaces it.',
        tags: ['files'],
        params: ChunkParams,
        response: {
          204: Type.Null(),
          400: ErrorRef,
          401: ErrorRef,
          403: ErrorRef,
          404: ErrorRef,
          409: ErrorRef,
          415: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      const found = await authorised(request.params, request.headers.authorization)
      if ('refusal' in found) return reply.code(found.refusal.statusCode).send(found.refusal)
      const { upload } = found
      const { index } = request.params
      const body = request.body
      if (!Buffer.isBuffer(body)) {
        return reply.code(415).send(errorBody(415, 'Send the chunk as application/octet-stream.'))
      }
      const result = await files.putChunk(request.params.room_id, upload, index, body)
      if (result === 'bad_index') {
        return reply.code(400).send(errorBody(400, `This upload has ${upload.chunks} chunks.`))
      }
      if (result === 'bad_length') {
        const expected = chunkLength(upload, index)
        return reply.code(400).send(errorBody(400, `Chunk ${index} must be ${expected} bytes.`))
      }
      if (result === 'ok') return reply.code(204).send(null)
      if (result === 'complete') {
        return reply.code(409).send(errorBody(409, 'This upload is complete already.'))
      }
      if (result === 'removed') {
        return reply.code(403).send(errorBody(403, 'The host removed you from this room.'))
      }
      return reply.code(404).send(errorBody(404, GONE))
    },
  )

  api.get(
    '/api/rooms/:room_id/files/:blob/chunks',
    {
      schema: {
        summary: 'What an upload still lacks (to resume it)',
        tags: ['files'],
        params: BlobParams,
        response: {
          200: Type.Object({ chunks: Type.Integer(), missing: Type.Array(Type.Integer()) }),
          401: ErrorRef,
          403: ErrorRef,
          404: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      const found = await authorised(request.params, request.headers.authorization)
      if ('refusal' in found) return reply.code(found.refusal.statusCode).send(found.refusal)
      const { upload } = found
      return { chunks: upload.chunks, missing: upload.missing }
    },
  )

  api.delete(
    '/api/rooms/:room_id/files/:blob',
    {
      schema: {
        summary: 'Cancel an upload (not once it was sent)',
        tags: ['files'],
        params: BlobParams,
        response: { 204: Type.Null(), 401: ErrorRef, 403: ErrorRef, 404: ErrorRef, 409: ErrorRef },
      },
    },
    async (request, reply) => {
      const found = await authorised(request.params, request.headers.authorization)
      if ('refusal' in found) return reply.code(found.refusal.statusCode).send(found.refusal)
      if (!(await files.cancel(request.params.room_id, found.upload))) {
        return reply.code(409).send(errorBody(409, 'This file was sent already.'))
      }
      return reply.code(204).send(null)
    },
  )

  api.get(
    '/api/rooms/:room_id/files/:blob',
    {
      config: {
        rateLimit: limit(DOWNLOADS_PER_MINUTE, opts.windowMs, 'Too many downloads too fast.'),
      },
      schema: {
        summary: 'Download a file',
        description:
          'The stored bytes (in an encrypted room, ciphertext the browser decrypts) as `application/octet-stream`, an attachment. 404 once the room has ended.',
        tags: ['files'],
        params: BlobParams,
        response: { 404: ErrorRef },
      },
    },
    async (request, reply) => {
      const file = await files.download(request.params.room_id, request.params.blob)
      if (!file) {
        return reply.code(404).send(errorBody(404, 'This file is gone (or its room ended).'))
      }
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(file.size))
        .header('content-disposition', 'attachment; filename="file"')
        .header('content-security-policy', DOWNLOAD_CSP)
        .send(Readable.from(file.bytes))
    },
  )
}

/** `perMinute` requests a minute, counted over `windowMs`. */
function limit(perMinute: number, windowMs: number, message: string) {
  return {
    max: Math.max(1, Math.ceil((perMinute * windowMs) / 60_000)),
    timeWindow: windowMs,
    errorResponseBuilder: (_request: unknown, ctx: { ttl: number }) =>
      errorBody(429, `${message} Try again in ${Math.ceil(ctx.ttl / 1000)} s.`),
  }
}
