/**
 * Runs the server as a real separate process (`node --import tsx server/src/main.ts`),
 * the way `npm start` does, for tests of several processes, crashes and shutdown.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { freePort } from './net.js'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

export interface ServerProcess {
  port: number
  baseUrl: string
  wsUrl(roomId: string): string
  child: ChildProcess
  output(): string
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>
  kill(signal?: NodeJS.Signals): Promise<number | null>
}

export async function startServerProcess(
  env: Record<string, string>,
  port?: number,
): Promise<ServerProcess> {
  const chosen = port ?? (await freePort())
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      CHATTY_HOST: '127.0.0.1',
      CHATTY_PORT: String(chosen),
      CHATTY_LOG_LEVEL: 'warn',
      CHATTY_STATIC_DIR: '/nonexistent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const baseUrl = `http://127.0.0.1:${chosen}`

  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`)
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not become ready:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }

  return {
    port: chosen,
    baseUrl,
    wsUrl: (roomId) => `ws://127.0.0.1:${chosen}/ws/${roomId}`,
    child,
    output: () => out,
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

export async function createRoomOn(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/rooms/`, { method: 'POST' })
  if (res.status !== 201) throw new Error(`create room: HTTP ${res.status}`)
  return ((await res.json()) as { room_id: string }).room_id
}
