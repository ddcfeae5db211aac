import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedis, type TestRedis } from '../../testkit/redis.js'
import { MemoryStore } from '../src/store/memory-store.js'
import { RedisStore } from '../src/store/redis/redis-store.js'
import type { Store } from '../src/store/store.js'
import { healthRoutes } from '../src/http/health.js'

async function appOn(store: Store): Promise<FastifyInstance> {
  const app = Fastify()
  await app.register(healthRoutes, { store, readyTimeoutMs: 1000 })
  await app.ready()
  return app
}

describe('health routes on the memory store', () => {
  it('is alive and ready', async () => {
    const app = await appOn(new MemoryStore({ historyLimit: 10 }))
    const alive = await app.inject({ url: '/healthz' })
    expect(alive.statusCode).toBe(200)
    expect(alive.json()).toEqual({ status: 'ok' })
    const ready = await app.inject({ url: '/readyz' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toEqual({ status: 'ready' })
    await app.close()
  })
})

describe('health routes on Redis', () => {
  let redis: TestRedis
  let store: RedisStore
  let app: FastifyInstance
  const storeErrors: unknown[] = []

  beforeAll(async () => {
    redis = await startRedis()
    store = new RedisStore({
      url: redis.url,
      historyLimit: 10,
      heartbeatSeconds: 5,
      onError: (error) => storeErrors.push(error),
    })
    app = await appOn(store)
  })

  afterAll(async () => {
    await app?.close()
    // Redis is gone by now: do not wait for ioredis to give up reconnecting.
    await Promise.race([store?.close(), new Promise((resolve) => setTimeout(resolve, 500))])
    await redis?.stop()
  })

  it('is ready while Redis answers, unavailable once it stops, and alive throughout', async () => {
    const ready = await app.inject({ url: '/readyz' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toEqual({ status: 'ready' })

    await redis.stop()
    const started = Date.now()
    const down = await app.inject({ url: '/readyz' })
    expect(down.statusCode).toBe(503)
    expect(down.json()).toMatchObject({ status: 'unavailable', message: expect.any(String) })
    expect(down.json().message.length).toBeGreaterThan(0)
    // The probe answers within its timeout even though ioredis keeps the PING queued.
    expect(Date.now() - started).toBeLessThan(3000)

    const alive = await app.inject({ url: '/healthz' })
    expect(alive.statusCode).toBe(200)
    expect(alive.json()).toEqual({ status: 'ok' })
  })
})

describe('health routes in the OpenAPI document', () => {
  it('documents one response schema per status', async () => {
    const { default: swagger } = await import('@fastify/swagger')
    const app = Fastify()
    await app.register(swagger, { openapi: { info: { title: 't', version: '0' } } })
    await app.register(healthRoutes, { store: new MemoryStore({ historyLimit: 10 }) })
    await app.ready()
    const paths = app.swagger().paths ?? {}
    expect(Object.keys(paths['/healthz']?.get?.responses ?? {})).toEqual(['200'])
    expect(Object.keys(paths['/readyz']?.get?.responses ?? {}).sort()).toEqual(['200', '503'])
    await app.close()
  })
})
