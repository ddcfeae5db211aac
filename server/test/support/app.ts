/** Starts the real app on a free loopback port with test-friendly config. */
import type { FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import { buildApp, type AppOptions } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { createRoom } from '../../../testkit/rooms.js'

export interface TestServer {
  app: FastifyInstance
  config: Config
  baseUrl: string
  wsUrl(roomId: string): string
  createRoom(): Promise<string>
  close(): Promise<void>
}

/** `env`: `CHATTY_*` overrides, e.g. `{ CHATTY_REDIS_URL: redis.url }`. */
export async function startServer(
  env: Record<string, string> = {},
  options: Pick<AppOptions, 'attemptLimits'> = {},
): Promise<TestServer> {
  const config = loadConfig({
    CHATTY_HOST: '127.0.0.1',
    CHATTY_PORT: '0',
    CHATTY_LOG_LEVEL: 'silent',
    CHATTY_STATIC_DIR: '/nonexistent',
    // Tests open many sockets from 127.0.0.1; address-cap.test.ts sets its own cap.
    CHATTY_MAX_SOCKETS_PER_ADDRESS: '10000',
    ...env,
  })
  const app = await buildApp({ config, ...options })
  await app.listen({ host: config.host, port: 0 })
  const { port } = app.server.address() as AddressInfo
  const baseUrl = `http://127.0.0.1:${port}`
  return {
    app,
    config,
    baseUrl,
    wsUrl: (roomId) => `ws://127.0.0.1:${port}/ws/${roomId}`,
    createRoom: () => createRoom(baseUrl),
    close: () => app.close(),
  }
}
