/**
 * Peer (b): a Socket.IO chat server, the stack most Node chat apps use. Clients emit
 * `join(room)` (answered with `joined`) and `chat(content)`; the server emits `chat` to the
 * room, sender included. With `BENCH_REDIS_URL` set it uses `@socket.io/redis-adapter`.
 */
import { createServer } from 'node:http'
import { createAdapter } from '@socket.io/redis-adapter'
import { Redis } from 'ioredis'
import { Server } from 'socket.io'
import { roomsHandler } from './rooms-http.js'

const port = Number(process.env.BENCH_PORT ?? 0)
const host = process.env.BENCH_HOST ?? '127.0.0.1'
const redisUrl = process.env.BENCH_REDIS_URL

const pub = redisUrl ? new Redis(redisUrl) : undefined
const server = createServer(roomsHandler(pub))
const io = new Server(server, {
  transports: ['websocket'],
  perMessageDeflate: false,
  serveClient: false,
  maxHttpBufferSize: 64 * 1024,
})
if (pub) io.adapter(createAdapter(pub, pub.duplicate()))

io.on('connection', (socket) => {
  socket.on('join', (room: unknown) => {
    if (typeof room !== 'string') return
    void socket.join(room)
    socket.data.room = room
    socket.emit('joined')
  })
  socket.on('chat', (content: unknown) => {
    const room = socket.data.room as string | undefined
    if (room && typeof content === 'string') io.to(room).emit('chat', content)
  })
})

server.listen(port, host, () => {
  const address = server.address()
  console.log(`listening ${typeof address === 'object' && address ? address.port : port}`)
})
