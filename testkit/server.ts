/** "Spawn the server and wait until it answers": the one start-up every test and the bench use. */
import { run, type Running } from './process.js'
import { waitForHttp } from './wait.js'

export interface ServerSpec {
  /** Node's arguments: flags, then the entry (`dist/server/src/main.js`, `--import tsx x.ts`). */
  args: string[]
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv
  /** The port the server listens on. */
  port: number
  /** The address it is reached at (default 127.0.0.1). */
  host?: string
  /** Run node under this command, e.g. `['taskset', '-c', '0']` (it must exec node). */
  prefix?: string[]
  /** Ready when this path answers (default `/`, any status). */
  readyPath?: string
  readyStatus?: number
  cwd?: string
  timeoutMs?: number
  /** What to call it in errors. */
  name?: string
}

export interface SpawnedServer extends Running {
  port: number
  baseUrl: string
}

/** Spawns the server and resolves once it answers; throws with its output (and kills it) if not. */
export async function spawnServer(spec: ServerSpec): Promise<SpawnedServer> {
  const [command, ...args] = [...(spec.prefix ?? []), process.execPath, ...spec.args]
  const proc = run(command!, args, { env: spec.env, cwd: spec.cwd })
  const baseUrl = `http://${spec.host ?? '127.0.0.1'}:${spec.port}`
  const name = spec.name ?? 'server'
  try {
    await waitForHttp(`${baseUrl}${spec.readyPath ?? '/'}`, {
      status: spec.readyStatus,
      timeoutMs: spec.timeoutMs ?? 20_000,
      abortIf: () => (proc.alive() ? undefined : `${name} exited during start`),
    })
  } catch (err) {
    await proc.stop('SIGKILL')
    throw new Error(`${name} did not start: ${(err as Error).message}\n${proc.output()}`)
  }
  return Object.assign(proc, { port: spec.port, baseUrl })
}
