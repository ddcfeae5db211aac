/**
 * Builds the whole app (REST, WebSocket, docs, SPA) on a given config and store.
 * Tests call this; `main.ts` adds only the process concerns (listen, signals).
 */
import rateLimit from '@fastify/rate-limit'
import websocket from '@fastify/websocket'
import Fastify, { type FastifyInstance } from 'fastify'
import { randomBytes } from 'node:crypto'
import { CLOSE_CODES } from '../../protocol/index.js'
import type { Config } from './config.js'
import { docs } from './http/docs.js'
import { errorBody } from './error-body.js'
import { installErrorHandler } from './http/error-handler.js'
import { healthRoutes } from './http/health.js'
import { addressGroup } from './limits/address-group.js'
import { localClientKey, sharedClientKey } from './limits/client-key.js'
import { roomRoutes } from './http/rooms.js'
import { fileRoutes } from './http/files.js'
import { FileService } from './files/file-service.js'
import { securityHeaders } from './http/security.js'
import { spa } from './http/spa.js'
import { loggerOptions } from './log/logger-options.js'
import { RoomHub } from './rooms/room-hub.js'
import { RoomService } from './rooms/room-service.js'
import { DEFAULT_ATTEMPT_LIMITS, RoomAccess, type AttemptLimits } from './rooms/room-access.js'
import { MemoryAttempts, RedisAttempts } from './limits/attempts.js'
import { MemorySocketCap, RedisSocketCap, type SocketCap } from './limits/socket-cap.js'
import { createMetrics, type Metrics } from './metrics/metrics.js'
import { serveMetrics } from './metrics/metrics-server.js'
import { MemoryStore } from './store/memory-store.js'
import { createStore } from './store/index.js'
import { connect as connectRedis, FAIL_FAST, type RedisTarget } from './store/redis/connection.js'
import { RedisHealth } from './store/redis/client-health.js'
import { GHOST_MAX_BEATS } from './store/redis/nodes.js'
import { StoreUnavailable } from './rooms/errors.js'
import type { Store } from './store/store.js'
import { chatSocket } from './ws/chat-socket.js'
import { refuseStrayUpgrades } from './ws/stray-upgrades.js'

export interface AppOptions {
  config: Config
  /** A store the caller owns (and closes). By default one is made from the config and closed with the app. */
  store?: Store
  /** Wrong room passwords allowed per window (default `DEFAULT_ATTEMPT_LIMITS`); tests lower them. */
  attemptLimits?: AttemptLimits
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, store: given } = options
  // A connection must finish its request headers (an upgrade included) within the join
  // timeout, from its first byte or from connecting silently; Node checks once a second.
  const openingMs = config.joinTimeoutSeconds * 1000
  const app = Fastify({
    http: { headersTimeout: openingMs, connectionsCheckingInterval: 1000 },
    requestTimeout: openingMs,
    logger: loggerOptions(config.logLevel),
    // A hop count trusts the nearest n peers (Fastify's types take it as this function).
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: 16 * 1024,
  })
  const store =
    given ??
    createStore({
      redisUrl: config.redisUrl,
      redisClusterNodes: config.redisClusterNodes,
      historyLimit: config.limits.historyLimit,
      heartbeatSeconds: config.heartbeatSeconds,
      memoryBudgetBytes: config.memoryBudgetMb * 2 ** 20,
      onError: (err) => app.log.error({ err }, 'store error'),
    })
  if (store instanceof MemoryStore) {
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20)
    const { budgetBytes, roomCap } = store.budget
    app.log.info({ budgetMb: mb(budgetBytes), roomCapMb: mb(roomCap) }, 'memory store budget')
  }
  // Once per change of state, not per retry (see `store/redis/health.ts`).
  store.onAvailability((available, err) => {
    if (available) app.log.info('store reachable')
    else app.log.error({ err }, 'store unreachable: frames needing it are refused (unavailable)')
  })
  // Metrics on a port of their own when CHATTY_METRICS_PORT is set; read when scraped.
  let storeAvailable = true
  store.onAvailability((available) => (storeAvailable = available))
  const metrics: Metrics | undefined =
    config.metricsPort > 0
      ? createMetrics({
          rooms: (): { rooms: number; members: number } => hub.stats(),
          store: () => ({
            available: storeAvailable,
            full: store.full,
            ...(store instanceof MemoryStore && {
              budget: { used: store.budget.usedBytes, limit: store.budget.budgetBytes },
            }),
          }),
        })
      : undefined
  // On Redis, the limits (room creations, sockets, password tries) are counted across every process, not per process.
  const target: RedisTarget | undefined = config.redisUrl
    ? { url: config.redisUrl }
    : config.redisClusterNodes && { clusterNodes: config.redisClusterNodes }
  // One client for the limits: an IPv4 address, or an IPv6 prefix (a /64: one host's).
  const client = (ip: string) => addressGroup(ip, config.ipv6PrefixBits)
  // Wrong room passwords are counted per address and per room, on Redis across processes.
  const attemptsRedis = target
    ? connectRedis(target, { ...FAIL_FAST, connectTimeout: 2000 })
    : undefined
  const attemptsHealth = attemptsRedis && new RedisHealth(attemptsRedis)
  const attemptLimits = options.attemptLimits ?? DEFAULT_ATTEMPT_LIMITS
  const attemptsKey = attemptsRedis
    ? sharedClientKey(attemptsRedis, 'chatty:attempts-secret', attemptLimits.windowMs)
    : localClientKey()
  const access = new RoomAccess(
    attemptsRedis ? new RedisAttempts(attemptsRedis) : new MemoryAttempts(),
    (address) =>
      attemptsHealth
        ? attemptsHealth.run(() => attemptsKey(client(address)))
        : attemptsKey(client(address)),
    attemptLimits,
  )
  app.addHook('onClose', async () => {
    attemptsHealth?.close()
    attemptsRedis?.disconnect()
  })
  const rooms = new RoomService(
    store,
    {
      defaultSeconds: config.roomTtlSeconds,
      minSeconds: config.minRoomTtlSeconds,
      maxSeconds: config.maxRoomTtlSeconds,
    },
    access,
  )
  // A name stays held after its connection is gone for the reconnect grace, and on Redis by
  // a process that died until it is reaped: clients retry their own name that long.
  const ghostSeconds =
    config.redisUrl || config.redisClusterNodes ? config.heartbeatSeconds * GHOST_MAX_BEATS : 0
  const hub = new RoomHub(
    store,
    {
      limits: {
        ...config.limits,
        nameHoldSeconds: Math.max(config.reconnectGraceSeconds, ghostSeconds),
      },
      cleanupIntervalSeconds: config.cleanupIntervalSeconds,
      reconnectGraceSeconds: config.reconnectGraceSeconds,
      ...(metrics && { observer: metrics.observer }),
      access,
    },
    app.log,
  )

  // Bodies are JSON or nothing: anything else (text/plain included) is 415.
  app.removeAllContentTypeParsers()
  // An empty JSON body (POST /api/rooms/ with a JSON content type) means `{}`.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body).trim()
    if (text === '') return done(null, {})
    try {
      done(null, JSON.parse(text))
    } catch {
      done(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 }), undefined)
    }
  })

  installErrorHandler(app)
  await app.register(securityHeaders)
  await app.register(docs)
  const limiterRedis = target
    ? connectRedis(target, { ...FAIL_FAST, connectTimeout: 2000 })
    : undefined
  // Its 'error' events are heard here (never "Unhandled error event"), and logged once per change.
  const limiterHealth = limiterRedis && new RedisHealth(limiterRedis)
  limiterHealth?.onChange((available, err) => {
    if (available) app.log.info('rate-limit store reachable')
    else app.log.warn({ err }, 'rate-limit store unreachable: limits not shared meanwhile')
  })
  const limiterDown = (): boolean => limiterHealth?.available === false
  // Open sockets per client address, counted across processes on Redis.
  const socketCap: SocketCap = limiterRedis
    ? new RedisSocketCap({
        redis: limiterRedis,
        max: config.maxSocketsPerAddress,
        nodeId: `${process.pid}:${randomBytes(6).toString('base64url')}`,
        leaseMs: config.heartbeatSeconds * 3000,
        onError: (err) => {
          if (!limiterDown()) app.log.warn({ err }, 'socket count not shared over Redis')
        },
      })
    : new MemorySocketCap(config.maxSocketsPerAddress)
  app.addHook('onClose', async () => {
    await socketCap.close()
    limiterHealth?.close()
    limiterRedis?.disconnect()
  })
  const windowMs = config.roomsWindowSeconds * 1000
  const clientKey = limiterRedis
    ? sharedClientKey(limiterRedis, 'chatty:ratelimit-secret', windowMs)
    : localClientKey()
  await app.register(rateLimit, {
    global: false,
    ...(limiterRedis && { redis: limiterRedis, nameSpace: 'chatty:ratelimit:' }),
    // Redis down: the request goes on to the store, which answers 503 (not a 500 from here).
    skipOnError: true,
    // Counters are keyed by a hash of the address, never the address itself.
    keyGenerator: (request) =>
      (limiterHealth
        ? limiterHealth.run(() => clientKey(client(request.ip)))
        : clientKey(client(request.ip))
      ).catch((cause: unknown) => {
        throw cause instanceof StoreUnavailable ? cause : new StoreUnavailable({ cause })
      }),
    errorResponseBuilder: (_req, ctx) => ({
      ...errorBody(429, `Too many rooms created. Try again in ${Math.ceil(ctx.ttl / 1000)} s.`),
    }),
  })
  await app.register(websocket, {
    options: { maxPayload: config.limits.maxFrameBytes },
    // Members are told to reconnect (1012) and their names given back before the server closes.
    preClose: async function () {
      // Upgrades that arrive from now on are answered 503 as plain requests and their sockets
      // closed; left to the plugin's listener they would hold the server open until killed.
      app.server.removeAllListeners('upgrade')
      await hub.shutdown(CLOSE_CODES.RESTARTING, 'Server restarting')
      for (const client of app.websocketServer.clients) client.terminate()
    },
  })
  app.addHook('onRequest', refuseStrayUpgrades)
  await app.register(healthRoutes, { store })
  await app.register(roomRoutes, {
    rooms,
    roomsPerWindow: config.limits.roomsPerMinute,
    windowMs,
  })
  await app.register(fileRoutes, { files: new FileService(store), windowMs })
  await app.register(chatSocket, {
    config,
    hub,
    rooms,
    acquirePermit: (address) => socketCap.acquire(client(address)),
    ...(metrics && { observer: metrics.observer }),
  })
  await app.register(spa, { staticDir: config.staticDir })

  if (metrics) {
    const server = await serveMetrics(metrics.registry, config.host, config.metricsPort)
    app.addHook('onClose', async () => void server.close())
    app.log.info({ port: config.metricsPort }, 'metrics served at /metrics')
  }
  hub.start()
  // Back from an outage: rooms that Redis lost (restarted empty) are closed at once (4001).
  store.onAvailability((available) => {
    if (available) hub.recheckRooms()
  })
  // A process closing is restarting or handing over: members held for their grace stay held.
  if (!given) app.addHook('onClose', async () => store.close('hold'))
  return app
}
