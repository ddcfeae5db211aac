/**
 * A private `redis-server` per test file or bench run: a free port (never the shared 6379),
 * loopback only, its own temporary working directory, no persistence; killed and its
 * directory removed by `stop()`, or killed when the caller exits.
 *
 * `startRedisNode` is the building block of `redis-cluster.ts`, which starts several nodes
 * with `--cluster-enabled yes` (each node's config file lands in its own `dir`).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { freePort } from './net.js'
import { run } from './process.js'
import { waitUntil } from './wait.js'

export interface RedisNode {
  /** redis://127.0.0.1:PORT */
  url: string
  port: number
  /** The redis-server process (the bench reads its CPU time). */
  pid: number
  /** Its working directory. */
  dir: string
  stop(): Promise<void>
}

export type TestRedis = RedisNode

export interface RedisOptions {
  /** Run redis-server under this command, e.g. `['taskset', '-c', '0']` (it must exec). */
  prefix?: string[]
  /** More `redis-server` arguments. */
  extraArgs?: string[]
  port?: number
  /**
   * One more address to listen on besides 127.0.0.1 (a bridge address that network
   * namespaces reach). Nothing else listens there: it is a test's own address.
   */
  bind?: string
}

const START_TIMEOUT_MS = 10_000

/**
 * A one-off client of the node on `port` (loopback) that fails fast instead of retrying:
 * not connected yet (call `connect()`), and always to be `disconnect()`ed by the caller.
 */
export function probeRedis(port: number): Redis {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  })
  client.on('error', () => {})
  return client
}

async function answersPing(port: number): Promise<true | undefined> {
  const client = probeRedis(port)
  try {
    await client.connect()
    return (await client.ping()) === 'PONG' ? true : undefined
  } catch {
    return undefined
  } finally {
    client.disconnect()
  }
}

/** Starts one `redis-server` and resolves once it answers PING. */
export async function startRedisNode(options: RedisOptions = {}): Promise<RedisNode> {
  const port = options.port ?? (await freePort())
  const dir = await mkdtemp(path.join(tmpdir(), 'chatty-redis-'))
  const args = ['--port', String(port), '--dir', dir]
  // Protected mode would refuse clients from the other address (no password here).
  if (options.bind) args.push('--bind', '127.0.0.1', options.bind, '--protected-mode', 'no')
  else args.push('--bind', '127.0.0.1')
  args.push('--save', '', '--appendonly', 'no', ...(options.extraArgs ?? []))
  const [command, ...rest] = [...(options.prefix ?? []), 'redis-server', ...args]
  const proc = run(command!, rest)
  const stop = async (): Promise<void> => {
    await proc.stop('SIGKILL')
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await waitUntil(`redis-server on port ${port} answering PING`, () => answersPing(port), {
      timeoutMs: START_TIMEOUT_MS,
      intervalMs: 50,
      abortIf: () => {
        if (proc.alive()) return undefined
        return /not on PATH/.test(proc.output())
          ? 'redis-server is not on PATH: install it (apt-get install redis-server)'
          : `redis-server exited early: ${proc.output().trim()}`
      },
    })
  } catch (err) {
    await stop()
    throw err
  }
  return { url: `redis://127.0.0.1:${port}`, port, pid: proc.pid, dir, stop }
}

/** A private single Redis. */
export const startRedis = (options: RedisOptions = {}): Promise<TestRedis> =>
  startRedisNode(options)

/** A private Redis that chaos tests can stop, freeze and bring back on the same port. */
export interface ChaosRedis extends RedisNode {
  /** SIGKILL: connections drop at once (what is not in the AOF yet is lost). */
  kill(): Promise<void>
  /** SIGSTOP / SIGCONT: the socket stays open but nothing answers. */
  pause(): void
  resume(): void
  /** Starts it again on the same port: from its AOF, or with no data at all when `empty`. */
  start(options?: { empty?: boolean }): Promise<void>
}

/**
 * `startRedis` with an append-only file written on every write (`appendfsync always`),
 * so a restart after `kill()` finds exactly what was acknowledged.
 */
export async function startChaosRedis(): Promise<ChaosRedis> {
  const port = await freePort()
  const dir = await mkdtemp(path.join(tmpdir(), 'chatty-chaos-redis-'))
  const aof = ['--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
  let node = await startRedisNode({ port, extraArgs: ['--dir', dir, ...aof] })
  let paused = false
  const kill = async (): Promise<void> => {
    if (paused) process.kill(node.pid, 'SIGCONT')
    paused = false
    // Not `node.stop()`: that would delete the data directory.
    await new Promise<void>((resolve) => {
      try {
        process.kill(node.pid, 'SIGKILL')
      } catch {
        return resolve()
      }
      const check = setInterval(() => {
        try {
          process.kill(node.pid, 0)
        } catch {
          clearInterval(check)
          resolve()
        }
      }, 20)
    })
  }
  return {
    get url() {
      return node.url
    },
    port,
    get pid() {
      return node.pid
    },
    dir,
    kill,
    pause() {
      process.kill(node.pid, 'SIGSTOP')
      paused = true
    },
    resume() {
      process.kill(node.pid, 'SIGCONT')
      paused = false
    },
    async start({ empty = false } = {}) {
      if (empty) {
        await rm(dir, { recursive: true, force: true })
        await mkdir(dir, { recursive: true })
      }
      node = await startRedisNode({ port, extraArgs: ['--dir', dir, ...aof] })
    },
    async stop() {
      await kill()
      await node.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
