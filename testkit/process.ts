/**
 * Child processes for tests and the bench: output kept for failure messages, and killed
 * when the caller exits, so a crashed test run leaves no server or Redis behind.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const REPO = path.resolve(fileURLToPath(new URL('..', import.meta.url)))

/** Keep the tail only: a bench server runs for minutes. */
const OUTPUT_LIMIT = 64 * 1024

const live = new Set<ChildProcess>()
let exitHook = false
function killOnExit(child: ChildProcess): void {
  live.add(child)
  child.once('exit', () => live.delete(child))
  if (exitHook) return
  exitHook = true
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL')
  })
}

/** Throws unless `program` runs; `hint` says how to install it (missing tools fail, never skip). */
export function requireProgram(program: string, versionArgs: string[], hint: string): void {
  const result = spawnSync(program, versionArgs, { stdio: 'ignore' })
  if (result.error || result.status !== 0) {
    throw new Error(`${program} is required but does not run: ${hint}`)
  }
}

export interface Running {
  readonly child: ChildProcess
  readonly pid: number
  /** What the process printed so far (stdout and stderr; the last 64 KB). */
  output(): string
  /** True until the process has exited. */
  alive(): boolean
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  readonly exited: Promise<number | null>
  /** Sends `signal` (SIGKILL after `graceMs`) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>
}

export interface RunOptions {
  /** The child's whole environment (default: this process's). */
  env?: NodeJS.ProcessEnv
  cwd?: string
}

/** Spawns `command` with its output kept for assertions and failure messages. */
export function run(command: string, args: string[], options: RunOptions = {}): Running {
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  killOnExit(child)
  let output = ''
  const keep = (chunk: Buffer | string): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  child.on('error', (err: NodeJS.ErrnoException) =>
    keep(`\nspawn ${command} failed: ${err.code === 'ENOENT' ? 'not on PATH' : err.message}`),
  )
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null
  // 'close' rather than 'exit': it also fires when the spawn itself failed.
  const exited = gone()
    ? Promise.resolve(child.exitCode)
    : new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
  let failed = false
  child.once('error', () => (failed = true))
  return {
    child,
    pid: child.pid ?? 0,
    output: () => output,
    alive: () => !failed && !gone(),
    exited,
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (!failed && !gone()) {
        child.kill(signal)
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
        await once(child, 'close').catch(() => {})
        clearTimeout(timer)
      }
      return exited
    },
  }
}
