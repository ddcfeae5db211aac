/**
 * The built Chatty server (`dist/server/src/main.js`) as a child process on a free port,
 * stoppable and restartable on the same port so a browser can reconnect to it.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../server/test/support/net.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const ENTRY = path.join(ROOT, 'dist/server/src/main.js')
const READY_TIMEOUT_MS = 15_000

export interface ChattyServer {
  url: string
  port: number
  /** SIGTERM (graceful close), then wait for the process to end. */
  stop(): Promise<void>
  /** Starts the process again on the same port with the same environment. */
  start(): Promise<void>
  restart(): Promise<void>
  logs(): string
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/rooms/x`, { signal: AbortSignal.timeout(1000) })
    return res.status === 404 || res.ok
  } catch {
    return false
  }
}

/** Starts the server with the given `CHATTY_*` variables (in-memory store unless `CHATTY_REDIS_URL`). */
export async function startServer(env: Record<string, string> = {}): Promise<ChattyServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let child: ChildProcess | null = null
  let output = ''

  async function start() {
    const proc = spawn(process.execPath, [ENTRY], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        CHATTY_HOST: '127.0.0.1',
        CHATTY_PORT: String(port),
        CHATTY_LOG_LEVEL: 'warn',
        CHATTY_STATIC_DIR: path.join(ROOT, 'dist/web'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child = proc
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    let exited = false
    proc.on('exit', () => (exited = true))
    const deadline = Date.now() + READY_TIMEOUT_MS
    while (!(await answers(url))) {
      if (exited) throw new Error(`the Chatty server exited during start:\n${output}`)
      if (Date.now() > deadline) {
        proc.kill('SIGKILL')
        throw new Error(
          `the Chatty server did not answer within ${READY_TIMEOUT_MS} ms:\n${output}`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  async function stop() {
    const proc = child
    child = null
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return
    const ended = once(proc, 'exit')
    proc.kill('SIGTERM')
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000)
    await ended
    clearTimeout(timer)
  }

  await start()
  return {
    url,
    port,
    stop,
    start,
    async restart() {
      await stop()
      await start()
    },
    logs: () => output,
  }
}
