/**
 * `GET /ws/{room_id}`: the chat WebSocket. Checks the Origin and the room (closing
 * with 4003 / 4004 after the upgrade, so browsers see the code), parses and validates
 * each frame, hands it to the member's session one at a time, and maps errors to
 * error frames or close codes.
 */
import type {} from '@fastify/swagger'
import type {} from '@fastify/websocket'
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify'
import type { RawData, WebSocket } from 'ws'
import { CLOSE_CODES, type ClientFrame } from '../../../protocol/index.js'
import type { Config } from '../config.js'
import type { RoomHub } from '../rooms/room-hub.js'
import type { RoomService } from '../rooms/room-service.js'
import type { MemberSession } from '../rooms/member-session.js'
import { outgoing } from '../rooms/peer.js'
import { parseClientFrame } from './client-frames.js'
import { isOriginAllowed } from './origin.js'
import { errorFrame, toWireError } from './wire-errors.js'
import { StoreUnavailable } from '../store/store.js'
import { errorBody } from '../error-body.js'
import { WsPeer } from './ws-peer.js'
import type { AddressSlots, Slot } from '../store/address-slots.js'
import { startKeepalive } from './keepalive.js'
import { CHAT_SOCKET_ROUTE } from './stray-upgrades.js'

export interface ChatSocketOptions {
  config: Config
  hub: RoomHub
  rooms: RoomService
  /** Open sockets per client address (`request.ip`, so `CHATTY_TRUST_PROXY` decides). */
  slots: AddressSlots
}

/**
 * Frames are handled one at a time per connection. Past `PAUSE_AT` frames (or
 * `PAUSE_AT_BYTES`) waiting, the socket stops reading (TCP pushes back on the client)
 * until the queue is down to `RESUME_AT`; a burst is delayed, never dropped. Frames
 * already read when the socket pauses (at most one read chunk) still queue, up to
 * `REFUSE_AT` frames: past that they are refused with an error frame, which counts
 * against the connection's unsent-bytes limit like every answer.
 */
const PAUSE_AT = 32
const PAUSE_AT_BYTES = 256 * 1024
const RESUME_AT = 8
const REFUSE_AT = 1024
const PONG = outgoing({ type: 'pong' })
const BINARY_REFUSED = outgoing(errorFrame('binary_not_supported', 'Send frames as JSON text.'))
const TOO_MANY_FRAMES = outgoing(errorFrame('rate_limited', 'Too many frames at once. Slow down.'))

export async function chatSocket(app: FastifyInstance, opts: ChatSocketOptions): Promise<void> {
  const { config, hub, rooms, slots } = opts
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

      const session: MemberSession = hub.session(roomId, peer)
      let closed = false
      let pending = 0
      let pendingBytes = 0

      // A member too slow to read is out of the room now, not when its socket finally closes.
      peer.onDropped = () => {
        closed = true
        session.connectionLost()
        log().warn('member dropped: stopped reading')
        chain = chain.then(() => session.leave()).catch(leaveFailed)
      }

      // During an outage the store retries the removal itself once it is back (logged once).
      const leaveFailed = (err: unknown): void => {
        if (!(err instanceof StoreUnavailable)) log().warn({ err }, 'leave failed')
      }

      const fail = (err: unknown, frame?: ClientFrame): void => {
        const wire = toWireError(err)
        if (wire.unexpected) log().error({ err }, 'chat frame failed')
        if (wire.frame) {
          // The sender learns which of its messages was refused.
          const clientId = frame?.type === 'message' ? frame.client_id : undefined
          peer.sendControl(outgoing(clientId ? { ...wire.frame, client_id: clientId } : wire.frame))
        }
        if (wire.close) {
          closed = true
          session.end(wire.close.code, wire.close.reason)
        }
      }

      const handle = async (frame: ClientFrame): Promise<void> => {
        if (closed) return
        switch (frame.type) {
          case 'join':
            await session.join(frame)
            clearTimeout(joinTimer)
            peer.startCounting()
            return
          case 'message':
            return session.chat(frame)
          case 'typing':
            return session.typing()
          case 'ping':
            // Answered on arrival, ahead of the queue (see the message listener).
            return
          case 'lock':
            return session.setLocked(true)
          case 'unlock':
            return session.setLocked(false)
          case 'remove':
            return session.remove(frame.name)
          case 'destroy':
            await session.destroy()
            log().info('room closed by its host')
            return
          default: {
            const _exhaustive: never = frame
            return _exhaustive
          }
        }
      }

      // Listeners are attached before any await, so no early frame is lost; the address
      // slot and the room check are the first links of the chain every frame waits behind.
      let slot: Slot | undefined
      let chain: Promise<void> = slots
        .acquire(address)
        .then((taken) => {
          if (closed) return taken?.release()
          if (!taken) {
            closed = true
            log().warn('websocket refused: too many sockets from one address')
            session.end(CLOSE_CODES.TOO_MANY_SOCKETS, 'Too many connections from your address')
            return
          }
          slot = taken
          return rooms.get(roomId).then(() => undefined)
        })
        .catch(fail)

      const joinTimer = setTimeout(() => {
        if (!session.joined && !closed) {
          closed = true
          session.end(CLOSE_CODES.JOIN_TIMEOUT, 'No join frame in time')
        }
      }, config.joinTimeoutSeconds * 1000)
      joinTimer.unref()

      socket.on('message', (data: RawData, isBinary: boolean) => {
        if (closed) return
        if (isBinary) {
          peer.sendControl(BINARY_REFUSED)
          return
        }
        let frame: ClientFrame
        try {
          frame = parseClientFrame(rawText(data))
        } catch (err) {
          fail(err)
          return
        }
        if (frame.type === 'ping') {
          peer.sendControl(PONG)
          return
        }
        if (pending >= REFUSE_AT) {
          peer.sendControl(TOO_MANY_FRAMES)
          return
        }
        const size = rawLength(data)
        pending++
        pendingBytes += size
        if ((pending >= PAUSE_AT || pendingBytes >= PAUSE_AT_BYTES) && !socket.isPaused) {
          socket.pause()
        }
        chain = chain
          .then(() => handle(frame))
          .catch((err: unknown) => fail(err, frame))
          .finally(() => {
            pending--
            pendingBytes -= size
            if (socket.isPaused && pending <= RESUME_AT && pendingBytes < PAUSE_AT_BYTES) {
              socket.resume()
            }
          })
      })

      socket.on('close', (code: number) => {
        closed = true
        session.connectionLost()
        clearTimeout(joinTimer)
        slot?.release()
        // Leave after whatever is in flight (a join under way undoes itself: connectionLost).
        // A client that closes normally (1000) left on purpose: no reconnect grace.
        chain = chain.then(() => session.leave(code === CLOSE_CODES.NORMAL)).catch(leaveFailed)
      })
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
