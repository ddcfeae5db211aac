/**
 * Child processes for the topology test: built server processes and the checks that a
 * required program exists. Every start fails loudly (never skips) with what to install.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** Throws unless `program` runs; `hint` says how to install it. */
export function requireProgram(program: string, versionArgs: string[], hint: string): void {
  const result = spawnSync(program, versionArgs, { stdio: 'ignore' })
  if (result.error || result.status !== 0) {
    throw new Error(`${program} is required for the topology test but does not run: ${hint}`)
  }
}

/** Throws unless `npm run build` has produced the server and the SPA. */
export function requireBuild(): void {
  for (const file of ['dist/server/src/main.js', 'dist/web/index.html']) {
    if (!existsSync(path.join(REPO, file))) {
      throw new Error(`${file} is missing: run \`npm run build\` first (npm run test:e2e does)`)
    }
  }
}

export interface Running {
  readonly child: ChildProcess
  /** Everything the process printed so far (stdout and stderr). */
  output(): string
  stop(): Promise<void>
}

/** Spawns `command` and keeps its output for assertions and failure messages. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(command, args, {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.on('error', (err) => (output += `\nspawn failed: ${err.message}`))
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const gone = once(child, 'exit')
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await gone
      clearTimeout(timer)
    },
  }
}

/** Polls `url` until it answers with `status`, or throws with the process's output. */
export async function waitForHttp(
  url: string,
  proc: Running,
  status = 200,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (proc.child.exitCode !== null) {
      throw new Error(
        `process exited (${proc.child.exitCode}) before ${url} answered:\n${proc.output()}`,
      )
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) })
      if (res.status === status) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms:\n${proc.output()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Starts the built server (`npm start`'s command) on `port` with the given settings. */
export async function startServer(port: number, env: NodeJS.ProcessEnv): Promise<Running> {
  const server = run('node', ['dist/server/src/main.js'], {
    CHATTY_HOST: '127.0.0.1',
    CHATTY_PORT: String(port),
    CHATTY_STATIC_DIR: 'dist/web',
    ...env,
  })
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, server)
  } catch (err) {
    await server.stop()
    throw err
  }
  return server
}
