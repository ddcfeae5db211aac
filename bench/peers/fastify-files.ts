/**
 * Peer (c), for the files scenario: a bare Fastify server that stores and serves file chunks
 * with no checks at all (no room, no token, no limits, no lengths): the Fastify ceiling for
 * Chatty's file routes.
 *
 * - `PUT /api/rooms/:room/files/:blob/chunks/:index`, a raw `application/octet-stream` body
 *   (Fastify's content type parser, `parseAs: 'buffer'`): kept in a Map (memory), or one
 *   `HSET file:{room}:{blob} index bytes` (with `BENCH_REDIS_URL`). Answers 204.
 * - `GET /api/rooms/:room/files/:blob`: the chunks in order, streamed as they are read (from
 *   Redis one `HGET` at a time, as Chatty reads them), `application/octet-stream`.
 */
import { Readable } from 'node:stream'
import Fastify from 'fastify'
import { Redis } from 'ioredis'

const port = Number(process.env.BENCH_PORT ?? 0)
const host = process.env.BENCH_HOST ?? '127.0.0.1'
const redisUrl = process.env.BENCH_REDIS_URL
/** Chatty's largest chunk (an encrypted one: 64 KiB and a 16-byte tag). */
const CHUNK_LIMIT = 64 * 1024 + 16

const redis = redisUrl ? new Redis(redisUrl) : undefined
/** Memory: "room/blob" → its chunks by index. */
const files = new Map<string, Buffer[]>()

interface ChunkParams {
  room: string
  blob: string
  index: string
}

const app = Fastify({ logger: false })
app.addContentTypeParser(
  'application/octet-stream',
  { parseAs: 'buffer', bodyLimit: CHUNK_LIMIT },
  (_request, body, done) => done(null, body),
)

app.put<{ Params: ChunkParams; Body: Buffer }>(
  '/api/rooms/:room/files/:blob/chunks/:index',
  async (request, reply) => {
    const { room, blob, index } = request.params
    if (redis) {
      await redis.hset(`file:${room}:${blob}`, index, request.body)
    } else {
      const key = `${room}/${blob}`
      let chunks = files.get(key)
      if (!chunks) files.set(key, (chunks = []))
      chunks[Number(index)] = request.body
    }
    return reply.code(204).send()
  },
)

/** A blob's chunks from Redis, one `HGET` at a time. */
async function* fromRedis(store: Redis, key: string, count: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < count; i++) {
    const chunk = await store.hgetBuffer(key, String(i))
    if (!chunk) throw new Error(`chunk ${i} missing`)
    yield chunk
  }
}

app.get<{ Params: Omit<ChunkParams, 'index'> }>(
  '/api/rooms/:room/files/:blob',
  async (request, reply) => {
    const { room, blob } = request.params
    reply.header('content-type', 'application/octet-stream')
    if (redis) {
      const key = `file:${room}:${blob}`
      const count = await redis.hlen(key)
      if (count === 0) return reply.code(404).send()
      return reply.send(Readable.from(fromRedis(redis, key, count)))
    }
    const chunks = files.get(`${room}/${blob}`)
    if (!chunks) return reply.code(404).send()
    const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0)
    return reply.header('content-length', String(size)).send(Readable.from(chunks))
  },
)

app.listen({ port, host }).then(
  () => {
    const address = app.server.address()
    console.log(`listening ${typeof address === 'object' && address ? address.port : port}`)
  },
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
