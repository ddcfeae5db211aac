/** Process entry: read config (and `.env`), build the app, listen, close gracefully on SIGTERM/SIGINT. */
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { loadEnvFile } from './env-file.js'

loadEnvFile()

let config: Config
try {
  config = loadConfig()
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`Chatty cannot start: invalid configuration. ${err.message}`)
    process.exit(1)
  }
  throw err
}

const app = await buildApp({ config })
const store = config.redisUrl ? 'redis' : config.redisClusterNodes ? 'redis-cluster' : 'memory'
app.log.info({ store }, 'store selected')

let closing = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    setTimeout(() => process.exit(1), 10_000).unref()
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}

try {
  await app.listen({ host: config.host, port: config.port })
} catch (err) {
  app.log.error({ err }, 'could not listen')
  process.exit(1)
}
