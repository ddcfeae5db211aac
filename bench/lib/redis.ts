/** A private `redis-server` on a free port for Redis runs (never the shared one on 6379). */
import { spawn, type ChildProcess } from 'node:child_process'
import { SERVER_CPUS } from './cores.js'
import { freePort, waitForPort } from './net.js'

export interface RedisHandle {
  url: string
  pid: number
  stop(): Promise<void>
}

export async function startRedis(): Promise<RedisHandle> {
  const port = await freePort()
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  const child: ChildProcess = SERVER_CPUS
    ? spawn('taskset', ['-c', SERVER_CPUS, 'redis-server', ...args], { stdio: 'ignore' })
    : spawn('redis-server', args, { stdio: 'ignore' })
  let exited = false
  child.once('exit', () => (exited = true))
  await waitForPort(port, 10_000, () => !exited)
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise((resolve) => {
        if (exited) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
