/**
 * Liveness and readiness for orchestrators: `/healthz` says the process answers HTTP
 * (it never touches the store, so a Redis outage does not get the process restarted);
 * `/readyz` says the store answers too, so a proxy or compose only sends traffic here
 * once rooms can actually be served.
 */
import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { Store } from '../store/store.js'

/** A store that does not answer in this time counts as down (ioredis queues commands while reconnecting). */
export const READY_TIMEOUT_MS = 2000

const Alive = Type.Object({ status: Type.Literal('ok') })
const Ready = Type.Object({ status: Type.Literal('ready') })
const Unavailable = Type.Object({
  status: Type.Literal('unavailable'),
  message: Type.String({ description: 'Why the store is not answering' }),
})

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`store did not answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export async function healthRoutes(
  app: FastifyInstance,
  opts: { store: Store; readyTimeoutMs?: number },
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
        await withTimeout(opts.store.ping(), timeoutMs)
        return { status: 'ready' as const }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        request.log.warn({ err }, 'readiness check failed')
        return reply.code(503).send({ status: 'unavailable' as const, message })
      }
    },
  )
}
