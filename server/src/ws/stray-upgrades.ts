/**
 * An upgrade request on a path that is not `/ws/{room_id}` gets a plain HTTP 404 (JSON,
 * then the connection is closed), not a WebSocket opened only to be closed: a client
 * with a wrong URL sees at once what is wrong, and nothing is upgraded for nothing.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { errorBody } from '../error-body.js'

export const CHAT_SOCKET_ROUTE = '/ws/:room_id'

export async function refuseStrayUpgrades(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  if (!request.ws) return
  const roomId = (request.params as { room_id?: unknown } | undefined)?.room_id
  if (request.routeOptions.url === CHAT_SOCKET_ROUTE && typeof roomId === 'string' && roomId) {
    return
  }
  await reply
    .code(404)
    .header('connection', 'close')
    .send(errorBody(404, 'No WebSocket here: chat sockets live at /ws/{room_id}.'))
}
