/**
 * The Chatty server as its own process on a free port: built (`npm start`'s command) for
 * browser tests, or from source through tsx for the integration tests that run before any
 * build. Stoppable and restartable on the same port, so clients can reconnect to it.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { freePort } from './net.js'
import { REPO } from './process.js'
import { spawnServer, type SpawnedServer } from './server.js'

export interface ChattyOptions {
  /** `CHATTY_*` settings on top of the kit's (loopback, free port, log level warn). */
  env?: Record<string, string>
  /** Default: a free port. */
  port?: number
  /** `built` (default): dist/server/src/main.js. `source`: server/src/main.ts through tsx. */
  from?: 'built' | 'source'
  /** The working directory (where the server looks for `.env`). Default: the repository. */
  cwd?: string
  /** The address it listens on and is reached at (`CHATTY_HOST`). Default: 127.0.0.1. */
  host?: string
  /**
   * Run node under this command, which must exec it (so a signal reaches the server), e.g.
   * `['ip', 'netns', 'exec', 'ns1']` for a server on another "host" (then give `host`).
   */
  prefix?: string[]
}

export interface ChattyProcess {
  port: number
  baseUrl: string
  wsUrl(roomId: string): string
  /** The current process (a restart replaces it). */
  readonly child: ChildProcess
  /** Resolves with the current process's exit code. */
  readonly exited: Promise<number | null>
  output(): string
  /** Sends `signal` and resolves with the exit code (SIGKILL after 10 s). */
  kill(signal?: NodeJS.Signals): Promise<number | null>
  /** SIGTERM (graceful close), then wait for the process to end. */
  stop(): Promise<void>
  /** Starts the process again on the same port with the same settings. */
  start(): Promise<void>
  restart(): Promise<void>
}

const BUILT = ['dist/server/src/main.js', 'dist/web/index.html']

/** Throws unless `npm run build` has produced the server and the SPA. */
export function requireBuild(): void {
  for (const file of BUILT) {
    if (!existsSync(path.join(REPO, file))) {
      throw new Error(`${file} is missing: run \`npm run build\` first (npm run test:e2e does)`)
    }
  }
}

function entry(from: 'built' | 'source'): string[] {
  if (from === 'built') return [path.join(REPO, BUILT[0]!)]
  // Resolved here, so the server can also run from another working directory.
  const tsx = createRequire(import.meta.url).resolve('tsx')
  return ['--import', tsx, path.join(REPO, 'server/src/main.ts')]
}

/** Starts Chatty and resolves once `/readyz` answers 200 (its store answers too). */
export async function startChatty(options: ChattyOptions = {}): Promise<ChattyProcess> {
  const from = options.from ?? 'built'
  if (from === 'built') requireBuild()
  const port = options.port ?? (await freePort())
  const host = options.host ?? '127.0.0.1'
  // Only PATH from this shell: a developer's own CHATTY_* variables must not leak in.
  const env = {
    PATH: process.env.PATH,
    CHATTY_HOST: host,
    CHATTY_PORT: String(port),
    CHATTY_LOG_LEVEL: 'warn',
    CHATTY_STATIC_DIR: from === 'built' ? path.join(REPO, 'dist/web') : '/nonexistent',
    ...options.env,
  }
  let current: SpawnedServer | undefined
  let earlier = ''
  const now = (): SpawnedServer => {
    if (!current) throw new Error('the Chatty server is not started')
    return current
  }
  const start = async (): Promise<void> => {
    if (current) earlier += current.output()
    current = await spawnServer({
      name: 'the Chatty server',
      args: entry(from),
      env,
      port,
      host,
      prefix: options.prefix,
      cwd: options.cwd,
      readyPath: '/readyz',
      readyStatus: 200,
    })
  }
  await start()
  const stop = async (): Promise<void> => {
    await now().stop('SIGTERM', 10_000)
  }
  return {
    port,
    baseUrl: `http://${host}:${port}`,
    wsUrl: (roomId) => `ws://${host}:${port}/ws/${roomId}`,
    get child() {
      return now().child
    },
    get exited() {
      return now().exited
    },
    output: () => earlier + now().output(),
    kill: (signal = 'SIGTERM') => now().stop(signal, 10_000),
    stop,
    start,
    async restart() {
      await stop()
      await start()
    },
  }
}
