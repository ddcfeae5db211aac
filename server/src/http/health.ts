/**
 * Liveness and readiness for orchestrators: `/healthz` says the process answers HTTP
 * (it never touches the store, so a Redis outage does not get the process restarted);
 * `/readyz` says the store answers too, so a proxy or compose only sends traffic here
 * once rooms can actually be served.
 */
import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import { withTimeout } from '../with-timeout.js'

/** A store that does not answer in this time counts as down (ioredis queues commands while reconnecting). */
export const READY_TIMEOUT_MS = 2000

const Alive = Type.Object({ status: Type.Literal('ok') })
const Ready = Type.Object({
  status: Type.Literal('ready'),
  store_full: Type.Optional(
    Type.Boolean({
      description:
        'The store refused a write for lack of memory in the last minute (Redis at `maxmemory`): new rooms and messages get `store_full` meanwhile. Still ready: a full store is no reason to take every process out of a load balancer at once',
    }),
  ),
})
const Unavailable = Type.Object({
  status: Type.Literal('unavailable'),
  message: Type.String({ description: 'Why the store is not answering' }),
})

export async function healthRoutes(
  app: FastifyInstance,
  // Only what readiness needs of the store: http/ never imports store/ (app.ts wires it).
  opts: { store: { ping(): Promise<void>; readonly full: boolean }; readyTimeoutMs?: number },
): Promise<void> {
  const timeoutMs = opts.readyTimeoutMs ?? READY_TIMEOUT_MS

  app.get(
    '/healthz',
    {
      // Probed every few seconds: keep the request log for failures only.
      logLevel: 'warn',
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers',
        response: { 200: Alive },
      },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/readyz',
    {
      logLevel: 'warn',
      schema: {
        tags: ['health'],
        summary: 'Readiness: the store answers',
        response: { 200: Ready, 503: Unavailable },
      },
    },
    async (request, reply) => {
      try {
        await withTimeout(
          opts.store.ping(),
          timeoutMs,
          `store did not answer within ${timeoutMs} ms`,
        )
        return opts.store.full
          ? { status: 'ready' as const, store_full: true }
          : { status: 'ready' as const }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        request.log.warn({ err }, 'readiness check failed')
        return reply.code(503).send({ status: 'unavailable' as const, message })
      }
    },
  )
}
