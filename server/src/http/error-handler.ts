/**
 * One error shape for every HTTP error: `{statusCode, error, message}`. 4xx keep their
 * message; 5xx are logged with the request and answered with a plain message.
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import { errorBody } from '../error-body.js'
import { RoomNotFound, StoreUnavailable, TtlOutOfRange } from '../rooms/errors.js'

/** Seconds a client is asked to wait when the store is unreachable. */
export const RETRY_AFTER_SECONDS = 5

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof RoomNotFound) {
      return reply.code(404).send(errorBody(404, 'Room not found or expired'))
    }
    if (err instanceof TtlOutOfRange) {
      return reply.code(422).send({
        ...errorBody(422, err.message),
        min_ttl_seconds: err.min,
        max_ttl_seconds: err.max,
      })
    }
    // An outage is logged once by the store, not once per request.
    if ((err as unknown) instanceof StoreUnavailable) {
      return reply
        .code(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send(errorBody(503, 'The chat is unreachable for a moment. Try again shortly.'))
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
