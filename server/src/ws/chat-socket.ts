/**
 * `GET /ws/{room_id}`: the chat WebSocket. Checks the Origin (closing with 4003 after the
 * upgrade, so browsers see the code), then hands the socket to a `Connection`
 * (`rooms/connection.ts`): its text and binary frames, its close, and its reading side to
 * pause. Everything a connection means to the chat is there; here is only `ws`.
 */
import type {} from '@fastify/swagger'
import type {} from '@fastify/websocket'
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify'
import type { RawData, WebSocket } from 'ws'
import { CLOSE_CODES } from '../../../protocol/index.js'
import type { Config } from '../config.js'
import { Connection, type SocketPermit } from '../rooms/connection.js'
import type { RoomObserver } from '../rooms/observer.js'
import type { RoomHub } from '../rooms/room-hub.js'
import type { RoomService } from '../rooms/room-service.js'
import { isOriginAllowed } from './origin.js'
import { errorBody } from '../error-body.js'
import { WsPeer } from './ws-peer.js'
import { startKeepalive } from './keepalive.js'
import { CHAT_SOCKET_ROUTE } from './stray-upgrades.js'

export interface ChatSocketOptions {
  config: Config
  hub: RoomHub
  rooms: RoomService
  /**
   * Takes one of the sockets a client address may hold (`request.ip`, so
   * `CHATTY_TRUST_PROXY` decides); null when it holds them all. The cap lives in `limits/`.
   */
  acquirePermit: (address: string) => Promise<SocketPermit | null>
  /** Counts for metrics (default: none). */
  observer?: RoomObserver
}

export async function chatSocket(app: FastifyInstance, opts: ChatSocketOptions): Promise<void> {
  const { config, hub, rooms, acquirePermit } = opts
  const keepalive = startKeepalive(app.websocketServer)
  app.addHook('onClose', async () => keepalive.stop())

  app.route<{ Params: { room_id: string } }>({
    method: 'GET',
    url: CHAT_SOCKET_ROUTE,
    schema: {
      summary: 'Chat WebSocket: upgrade here (the protocol is described above)',
      description:
        'Open a WebSocket on this path. A plain GET without the upgrade gets 426. ' +
        'An unknown room is closed with 4004 after the upgrade.',
      tags: ['chat'],
      params: {
        type: 'object',
        properties: { room_id: { type: 'string' } },
        required: ['room_id'],
      },
      response: { 426: { $ref: 'ErrorBody#' } },
    },
    handler: async (_request, reply) =>
      reply
        .code(426)
        .header('upgrade', 'websocket')
        .send(errorBody(426, 'This is a WebSocket endpoint: connect with a WebSocket client.')),
    wsHandler: (socket: WebSocket, request: FastifyRequest<{ Params: { room_id: string } }>) => {
      // Idle connections are most of a chat server's memory: keep nothing of the request
      // (headers, raw message, its logger) alive in this connection's closures.
      const roomId = request.params.room_id
      const reqId = request.id
      const { origin, host } = request.headers
      const address = request.ip
      const log = (): FastifyBaseLogger => app.log.child({ reqId, roomId })
      const peer = new WsPeer(socket, config.limits.maxBufferedBytes)

      if (!isOriginAllowed(origin, host, config.allowedOrigins)) {
        log().warn({ origin }, 'websocket origin refused')
        peer.close(CLOSE_CODES.ORIGIN_NOT_ALLOWED, 'Origin not allowed')
        return
      }

      // Listeners are attached before any await, so no early frame is lost.
      const connection = new Connection({
        roomId,
        peer,
        address,
        reading: socket,
        hub,
        rooms,
        acquirePermit: () => acquirePermit(address),
        joinTimeoutMs: config.joinTimeoutSeconds * 1000,
        log,
        ...(opts.observer && { observer: opts.observer }),
      })
      peer.onDropped = () => connection.dropped()
      socket.on('message', (data: RawData, isBinary: boolean) => {
        if (isBinary) connection.receiveBinary()
        else connection.receive(rawText(data), rawLength(data))
      })
      socket.on('close', (code: number) => connection.disconnected(code))
    },
  })
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0)
  return data.byteLength
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data).toString('utf8')
}
