/**
 * Peer (a): a bare `ws` broadcast server, the Node ceiling for one write per delivery.
 * Connect to `/ws/{room}?name=…`; it answers `{"type":"joined"}`, then every `{"content"}` it
 * receives is parsed, stringified once and sent to each member of the room (sender included).
 * With `BENCH_REDIS_URL` set, messages go through Redis pub/sub (one channel per room), so
 * several processes share rooms as Chatty's Redis store does.
 */
import { createServer } from 'node:http'
import { Redis } from 'ioredis'
import { WebSocketServer, type WebSocket } from 'ws'
import { roomsHandler } from './rooms-http.js'

const port = Number(process.env.BENCH_PORT ?? 0)
const host = process.env.BENCH_HOST ?? '127.0.0.1'
const redisUrl = process.env.BENCH_REDIS_URL

const pub = redisUrl ? new Redis(redisUrl) : undefined
const sub = redisUrl ? new Redis(redisUrl) : undefined
const rooms = new Map<string, Set<WebSocket>>()
// A member is told `joined` only once its room's channel is subscribed, so nothing is missed.
const subscribed = new Map<string, Promise<unknown>>()

function deliver(room: string, json: string): void {
  const members = rooms.get(room)
  if (!members) return
  for (const ws of members) ws.send(json)
}

sub?.on('message', (channel: string, json: string) => deliver(channel.slice(5), json))

const server = createServer(roomsHandler(pub))
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 })

wss.on('connection', (ws, req) => {
  const url = new URL(req.url ?? '/', 'http://x')
  const room = url.pathname.slice('/ws/'.length)
  const name = url.searchParams.get('name') ?? ''
  let members = rooms.get(room)
  if (!members) {
    members = new Set()
    rooms.set(room, members)
    if (sub) subscribed.set(room, sub.subscribe(`room:${room}`))
  }
  members.add(ws)
  const ready = subscribed.get(room)
  if (ready) void ready.then(() => ws.send('{"type":"joined"}'))
  else ws.send('{"type":"joined"}')
  ws.on('message', (data) => {
    let content: unknown
    try {
      content = (JSON.parse(data.toString()) as { content?: unknown }).content
    } catch {
      return
    }
    if (typeof content !== 'string') return
    const json = JSON.stringify({ type: 'message', sender: name, content })
    if (pub) void pub.publish(`room:${room}`, json)
    else deliver(room, json)
  })
  ws.on('close', () => {
    members.delete(ws)
    if (members.size === 0) {
      rooms.delete(room)
      subscribed.delete(room)
      void sub?.unsubscribe(`room:${room}`)
    }
  })
})

server.listen(port, host, () => {
  const address = server.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : port}`)
})
