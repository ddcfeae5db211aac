/**
 * A private `redis-server` for one test file: started on a free port with no
 * persistence, so tests never touch (or flush) a Redis they did not start.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { Redis } from 'ioredis'
import { freePort } from './net.js'

export interface TestRedis {
  url: string
  port: number
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 10_000

async function answersPing(port: number): Promise<boolean> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

function spawnServer(port: number): ChildProcess {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  return spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] })
}

/** Starts `redis-server` on a free port and resolves once it answers PING. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort()
  const child = spawnServer(port)
  let exited: Error | undefined
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.on('error', (err: NodeJS.ErrnoException) => {
    exited =
      err.code === 'ENOENT'
        ? new Error('redis-server is not on PATH: install it (apt-get install redis-server)')
        : err
  })
  child.on('exit', (code, signal) => {
    exited ??= new Error(`redis-server exited early (${signal ?? code}): ${stderr.trim()}`)
  })

  const deadline = Date.now() + START_TIMEOUT_MS
  while (!(await answersPing(port))) {
    if (exited) throw exited
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(
        `redis-server on port ${port} did not answer PING within ${START_TIMEOUT_MS} ms`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const gone = once(child, 'exit')
      child.kill('SIGKILL')
      await gone
    },
  }
}
