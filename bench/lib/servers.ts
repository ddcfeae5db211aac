/**
 * Starts the servers under test as their own processes: pinned to the server core, with the
 * open-files limit raised to the hard limit, and with the GC hook preloaded. Chatty runs from
 * its build (`dist/`), the peers from `bench/peers/` through tsx.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../testkit/net.js'
import { REPO as ROOT } from '../../testkit/process.js'
import { spawnServer } from '../../testkit/server.js'
import { waitUntil } from '../../testkit/wait.js'
import { SERVER_CPUS } from './cores.js'

/**
 * `baseline`: Chatty built from another git ref (`--baseline=REF`, see `baseline.ts`).
 * `fastify`: the files scenario's peer, which serves file chunks only (no chat).
 */
export type ServerKind = 'chatty' | 'baseline' | 'ws' | 'socketio' | 'fastify'
export const SERVER_KINDS: ServerKind[] = ['chatty', 'baseline', 'ws', 'socketio', 'fastify']
export const SERVER_LABELS: Record<ServerKind, string> = {
  chatty: 'Chatty',
  baseline: 'Chatty baseline',
  ws: 'bare ws',
  socketio: 'Socket.IO',
  fastify: 'bare Fastify',
}

/** The requested servers that chat (every scenario but `files`). */
export function chatServers(requested: ServerKind[]): ServerKind[] {
  return requested.filter((kind) => kind !== 'fastify')
}

/** The requested servers that take files: Chatty (and its baseline) and the Fastify peer. */
export function fileServers(requested: ServerKind[]): ServerKind[] {
  return requested.filter((kind) => kind === 'chatty' || kind === 'baseline' || kind === 'fastify')
}

/** The peers' entries in `bench/peers/`, run through tsx. */
const PEER_FILES: Record<Exclude<ServerKind, 'chatty' | 'baseline'>, string> = {
  ws: 'ws-server.ts',
  socketio: 'socketio-server.ts',
  fastify: 'fastify-files.ts',
}

let baselineEntry: string | undefined
/** Where the `baseline` server's `main.js` is (set once by `run.ts`). */
export function useBaseline(entry: string, ref: string): void {
  baselineEntry = entry
  SERVER_LABELS.baseline = `Chatty @${ref}`
}

const GC_HOOK = join(ROOT, 'bench/peers/gc-hook.mjs')

export interface ServerOptions {
  /** `CHATTY_REDIS_URL` or `CHATTY_REDIS_CLUSTER_NODES` (the peers read `BENCH_REDIS_URL`). */
  redisEnv?: Record<string, string>
  /** Extra environment, e.g. `CHATTY_MAX_BUFFERED_BYTES`. */
  env?: Record<string, string>
  /** Node flags such as `--cpu-prof`. */
  nodeFlags?: string[]
  /** Listen on this port (a restart on the same port, as the storm does); a free one otherwise. */
  port?: number
}

export interface ServerHandle {
  kind: ServerKind
  pid: number
  port: number
  baseUrl: string
  /** Forces a full GC in the server and returns its `process.memoryUsage()`. */
  gcMemory(): Promise<{ rss: number; heapUsed: number }>
  stop(): Promise<void>
}

/** Limits a benchmark needs out of the way; everything else stays at Chatty's defaults. */
const CHATTY_BENCH_ENV: Record<string, string> = {
  CHATTY_MEMBERS_PER_ROOM: '1000000',
  // The load comes from 16 loopback addresses, up to 20,000 sockets.
  CHATTY_MAX_SOCKETS_PER_ADDRESS: '1000000',
  CHATTY_MESSAGES_PER_SECOND: '1000000',
  CHATTY_MESSAGE_BURST: '1000000',
  CHATTY_ROOMS_PER_MINUTE: '100000000',
  CHATTY_HISTORY_LIMIT: '50',
  CHATTY_LOG_LEVEL: 'warn',
  CHATTY_MAX_BUFFERED_BYTES: String(64 * 1024 * 1024),
}

function command(kind: ServerKind): string[] {
  if (kind === 'chatty') return [join(ROOT, 'dist/server/src/main.js')]
  if (kind === 'baseline') {
    if (!baselineEntry) throw new Error('the baseline server needs --baseline=REF')
    return [baselineEntry]
  }
  return ['--import', 'tsx', join(ROOT, 'bench/peers', PEER_FILES[kind])]
}

export async function startServer(
  kind: ServerKind,
  options: ServerOptions = {},
): Promise<ServerHandle> {
  const port = options.port ?? (await freePort())
  const gcDir = mkdtempSync(join(tmpdir(), 'chatty-bench-gc-'))
  const gcReport = join(gcDir, 'memory.json')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    BENCH_GC_REPORT: gcReport,
    BENCH_PORT: String(port),
    BENCH_HOST: '127.0.0.1',
    CHATTY_PORT: String(port),
    CHATTY_HOST: '127.0.0.1',
    ...CHATTY_BENCH_ENV,
    ...options.env,
  }
  delete env.CHATTY_REDIS_URL
  delete env.CHATTY_REDIS_CLUSTER_NODES
  delete env.BENCH_REDIS_URL
  Object.assign(env, options.redisEnv)
  if (options.redisEnv?.CHATTY_REDIS_URL) env.BENCH_REDIS_URL = options.redisEnv.CHATTY_REDIS_URL
  const pinned = SERVER_CPUS ? ['taskset', '-c', SERVER_CPUS] : []
  // `exec` keeps one PID from bash to node, so /proc/PID is the server itself.
  const raiseFdLimit = ['bash', '-c', 'ulimit -n "$(ulimit -Hn)"; exec "$@"', 'bash']
  const server = await spawnServer({
    name: kind,
    args: ['--expose-gc', '--import', GC_HOOK, ...(options.nodeFlags ?? []), ...command(kind)],
    prefix: [...raiseFdLimit, ...pinned],
    env,
    port,
    cwd: ROOT,
  })
  const pid = server.pid
  return {
    kind,
    pid,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    async gcMemory() {
      rmSync(gcReport, { force: true })
      process.kill(pid, 'SIGUSR2')
      return waitUntil(`${kind} answering the GC signal`, () => {
        try {
          return JSON.parse(readFileSync(gcReport, 'utf8')) as { rss: number; heapUsed: number }
        } catch {
          return undefined // not written yet
        }
      })
    },
    async stop() {
      await server.stop('SIGTERM', 15_000)
      rmSync(gcDir, { recursive: true, force: true })
    },
  }
}
