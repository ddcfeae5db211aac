/**
 * The peers' `POST /api/rooms/`: the same request Chatty serves, so that scenario 4 and the
 * harness's room set-up drive all three servers alike. A room is a random id, kept in a Set
 * (memory) or as a Redis key with the room's hour as TTL (Redis).
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Redis } from 'ioredis'

const TTL_SECONDS = 3600

export function roomsHandler(redis: Redis | undefined) {
  const rooms = new Set<string>()
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST' || req.url !== '/api/rooms/') {
      res.writeHead(404).end()
      return
    }
    const id = randomBytes(16).toString('base64url')
    const now = Date.now()
    const body = JSON.stringify({
      room_id: id,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + TTL_SECONDS * 1000).toISOString(),
      ttl_seconds: TTL_SECONDS,
    })
    const reply = (): void => {
      res.writeHead(201, { 'content-type': 'application/json' }).end(body)
    }
    // Drain the (empty) body so keep-alive connections stay usable.
    req.resume()
    if (redis) {
      redis.set(`room:${id}`, '1', 'EX', TTL_SECONDS).then(reply, () => res.writeHead(500).end())
    } else {
      rooms.add(id)
      reply()
    }
  }
}
