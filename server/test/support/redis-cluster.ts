/**
 * A private Redis Cluster for tests and the bench: `masters` nodes (and `replicas` per
 * master), each a `redis-server --cluster-enabled yes` on free ports with its own temp
 * directory, joined by `redis-cli --cluster create`. Never a Redis the caller did not
 * start; everything is removed by `stop()`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Redis } from 'ioredis'
import { freePort } from './net.js'

const run = promisify(execFile)
const START_TIMEOUT_MS = 20_000

export interface ClusterNode {
  port: number
  pid: number
  /** `127.0.0.1:port` */
  address: string
  /** SIGKILLs this node (failover tests). */
  kill(): Promise<void>
}

export interface TestCluster {
  nodes: ClusterNode[]
  /** `CHATTY_REDIS_CLUSTER_NODES`: every node, comma-separated. */
  nodesEnv: string
  /** The current masters, from CLUSTER NODES of a live node. */
  masters(): Promise<ClusterNode[]>
  stop(): Promise<void>
}

export interface ClusterOptions {
  masters?: number
  replicas?: number
  /** `cluster-node-timeout`: how long a master may be silent before its replica takes over. */
  nodeTimeoutMs?: number
  /** Wraps each server's command (the bench pins Redis to a core with `taskset`). */
  wrap?: (argv: string[]) => string[]
}

interface Running {
  node: ClusterNode
  child: ChildProcess
}

export async function startRedisCluster(options: ClusterOptions = {}): Promise<TestCluster> {
  const masters = options.masters ?? 3
  const replicas = options.replicas ?? 0
  const dir = mkdtempSync(join(tmpdir(), 'chatty-redis-cluster-'))
  const running: Running[] = []
  const stop = async (): Promise<void> => {
    await Promise.all(running.map(({ node }) => node.kill()))
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      running.push(await startNode(dir, i, options))
    }
    await Promise.all(running.map(({ node, child }) => waitForPing(node.port, child)))
    const addresses = running.map(({ node }) => node.address)
    await run(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...addresses,
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      { timeout: START_TIMEOUT_MS },
    )
    await waitForClusterOk(
      running.map(({ node }) => node.port),
      masters * (1 + replicas),
    )
  } catch (error) {
    await stop()
    throw error
  }
  const nodes = running.map(({ node }) => node)
  return {
    nodes,
    nodesEnv: nodes.map((n) => n.address).join(','),
    masters: () => currentMasters(nodes),
    stop,
  }
}

async function startNode(dir: string, index: number, options: ClusterOptions): Promise<Running> {
  const port = await freePort()
  const busPort = await freePort()
  const nodeDir = join(dir, `node-${index}`)
  rmSync(nodeDir, { recursive: true, force: true })
  mkdirSync(nodeDir, { recursive: true })
  const args = [
    '--port', String(port),
    '--cluster-port', String(busPort),
    '--bind', '127.0.0.1',
    '--cluster-enabled', 'yes',
    '--cluster-config-file', join(nodeDir, 'nodes.conf'),
    '--cluster-node-timeout', String(options.nodeTimeoutMs ?? 2000),
    '--dir', nodeDir,
    '--save', '',
    '--appendonly', 'no',
  ] // prettier-ignore
  const argv = options.wrap ? options.wrap(['redis-server', ...args]) : ['redis-server', ...args]
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] })
  child.on('error', () => {})
  const node: ClusterNode = {
    port,
    pid: child.pid ?? 0,
    address: `127.0.0.1:${port}`,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const gone = once(child, 'exit')
      child.kill('SIGKILL')
      await gone
    },
  }
  return { node, child }
}

async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited early: ${stderr.trim()}`)
    const client = probe(port)
    try {
      await client.connect()
      if ((await client.ping()) === 'PONG') return
    } catch {
      // not listening yet
    } finally {
      client.disconnect()
    }
    if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not answer PING`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Waits until every node reports the cluster ok and knows every other node. */
async function waitForClusterOk(ports: number[], total: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  for (const port of ports) {
    const client = probe(port)
    await client.connect()
    try {
      for (;;) {
        const info = String(await client.call('CLUSTER', 'INFO'))
        const known = Number(/cluster_known_nodes:(\d+)/.exec(info)?.[1])
        if (info.includes('cluster_state:ok') && known === total) break
        if (Date.now() > deadline) throw new Error(`cluster not ok on ${port}: ${info}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    } finally {
      client.disconnect()
    }
  }
}

async function currentMasters(nodes: ClusterNode[]): Promise<ClusterNode[]> {
  for (const node of nodes) {
    const client = probe(node.port)
    try {
      await client.connect()
      const lines = String(await client.call('CLUSTER', 'NODES'))
        .trim()
        .split('\n')
      const ports = lines
        .map((line) => line.split(' '))
        .filter((f) => f[2]!.includes('master') && !f[2]!.includes('fail') && f[8] !== undefined)
        .map((f) => Number(/:(\d+)@/.exec(f[1]!)?.[1]))
      return nodes.filter((n) => ports.includes(n.port))
    } catch {
      // this node is down: ask the next
    } finally {
      client.disconnect()
    }
  }
  throw new Error('no cluster node answers')
}

function probe(port: number): Redis {
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
