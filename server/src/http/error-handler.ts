/**
 * One error shape for every HTTP error: `{statusCode, error, message}`. 4xx keep their
 * message; 5xx are logged with the request and answered with a plain message.
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import { errorBody } from '../error-body.js'
import {
  BadRoomOptions,
  PasswordRequired,
  RoomNotFound,
  StoreFull,
  StoreUnavailable,
  TooManyAttempts,
  TtlOutOfRange,
  WrongPassword,
} from '../rooms/errors.js'

/** Seconds a client is asked to wait when the store is unreachable. */
export const RETRY_AFTER_SECONDS = 5
/** Seconds a client is asked to wait when the store is full (keys expire with their rooms). */
export const FULL_RETRY_AFTER_SECONDS = 60

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
    if ((err as unknown) instanceof BadRoomOptions) {
      return reply.code(400).send(errorBody(400, err.message))
    }
    // A password room's refusals carry their code, so the web app can say which.
    const refusal = err as unknown
    if (refusal instanceof PasswordRequired || refusal instanceof WrongPassword) {
      return reply.code(403).send({ ...errorBody(403, refusal.message), code: refusal.code })
    }
    if (refusal instanceof TooManyAttempts) {
      return reply
        .code(429)
        .header('retry-after', String(refusal.retryAfterSeconds))
        .send({ ...errorBody(429, refusal.message), code: refusal.code })
    }
    if ((err as unknown) instanceof StoreFull) {
      request.log.warn('store full: request refused')
      return reply
        .code(503)
        .header('retry-after', String(FULL_RETRY_AFTER_SECONDS))
        .send({
          ...errorBody(503, 'The chat server is full right now. Try again in a minute.'),
          code: 'store_full',
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
    const message = status === 415 ? unsupportedType(request.routeOptions.url) : err.message
    return reply.code(status).send(errorBody(status, message))
  })
}

/** What a 415 asks for: a file's chunk is raw bytes, everything else JSON. */
function unsupportedType(route: string | undefined): string {
  return route?.includes('/files/')
    ? 'Send the chunk as raw bytes (Content-Type: application/octet-stream).'
    : 'Send a JSON body (Content-Type: application/json), or none.'
}
