/**
 * The server's pino options: logs that hold no secrets at any level up to `debug`.
 *
 * - No room id: a `roomId` field becomes its keyed tag (`roomTag`), and free text
 *   (messages, error messages and stacks, `path`) has ids in URLs replaced the same way.
 * - No client address: requests are logged as method + route pattern
 *   (`/api/rooms/:room_id`, not the URL), never with Fastify's `remoteAddress`,
 *   `remotePort` or `host`; responses as status code (and Fastify's `responseTime`).
 * - No content, no names: the code never logs them, and errors are reduced to type,
 *   message, stack and code, because libraries hang what they were given on the error
 *   (ioredis's `command.args` hold keys and message JSON; Node's HTTP parser errors the
 *   raw request bytes).
 */
import type { FastifyRequest } from 'fastify'
import { redactPath, redactText } from './redact.js'
import { roomTag } from './room-tag.js'

interface SafeError {
  [key: string]: unknown
  type: string
  message: string
  stack: string
  code?: string | number
  statusCode?: number
  cause?: SafeError
}

export function safeError(value: unknown, depth = 0): SafeError {
  if (!(value instanceof Error)) {
    return { type: typeof value, message: redactText(String(value)), stack: '' }
  }
  const { code, statusCode } = value as { code?: unknown; statusCode?: unknown }
  const safe: SafeError = {
    type: value.name,
    message: redactText(value.message),
    stack: redactText(value.stack ?? ''),
  }
  if (typeof code === 'string' || typeof code === 'number') safe.code = code
  if (typeof statusCode === 'number') safe.statusCode = statusCode
  if (value.cause !== undefined && depth < 3) safe.cause = safeError(value.cause, depth + 1)
  return safe
}

/** Only what says which endpoint answered: unmatched URLs (the SPA's pages, 404s) have no pattern. */
function safeRequest(request: FastifyRequest): { method: string; route: string } {
  return { method: request.method, route: request.routeOptions?.url ?? '(no route)' }
}

function safeReply(reply: { statusCode: number }): { statusCode: number } {
  return { statusCode: reply.statusCode }
}

type LogMethod = (this: unknown, ...args: unknown[]) => void

export function loggerOptions(level: string) {
  return {
    level,
    serializers: {
      req: safeRequest,
      res: safeReply,
      err: (err: unknown) => safeError(err),
      roomId: (id: unknown) => (typeof id === 'string' ? roomTag(id) : id),
      path: (path: unknown) => (typeof path === 'string' ? redactPath(path) : path),
    },
    hooks: {
      // Messages are free text: strip room ids from them as from error messages. A
      // lone error (`log.error(err)`) would be given its raw message as the line's.
      logMethod(this: unknown, args: unknown[], method: LogMethod) {
        const [first, ...rest] = args
        if (first instanceof Error && rest.length === 0) {
          return method.call(this, { err: first }, redactText(first.message))
        }
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg)),
        )
      },
    },
  }
}
