/**
 * One error shape for every HTTP error: `{statusCode, error, message}`. 4xx keep their
 * message; 5xx are logged with the request and answered with a plain message.
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import { errorBody } from '../error-body.js'
import { RoomNotFound } from '../rooms/errors.js'

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof RoomNotFound) {
      return reply.code(404).send(errorBody(404, 'Room not found or expired'))
    }
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500
    if (status >= 500) {
      request.log.error({ err }, 'request failed')
      return reply.code(status).send(errorBody(status, 'Internal Server Error'))
    }
    const message =
      status === 415 ? 'Send a JSON body (Content-Type: application/json), or none.' : err.message
    return reply.code(status).send(errorBody(status, message))
  })
}
