/**
 * A private Redis Cluster for tests and the bench: `masters` nodes (and `replicas` per
 * master), each a `startRedisNode` with `--cluster-enabled yes` on free ports (its bus on
 * a free port of its own) and its own directory, joined by `redis-cli --cluster create`.
 * Never a Redis the caller did not start; every node is killed by `stop()`.
 */
import { freePort } from './net.js'
import { run } from './process.js'
import { probeRedis, startRedisNode, type RedisNode, type RedisOptions } from './redis.js'
import { waitUntil } from './wait.js'

export interface ClusterOptions {
  masters?: number
  replicas?: number
  /** `cluster-node-timeout`: how long a master may be silent before its replica takes over. */
  nodeTimeoutMs?: number
  /** As for `startRedis` (the bench pins Redis to a core with `taskset`). */
  prefix?: RedisOptions['prefix']
  /**
   * The address the nodes announce (and listen on, besides 127.0.0.1), for servers in other
   * network namespaces: a cluster client connects to the addresses the nodes announce.
   */
  host?: string
}

export interface TestCluster {
  nodes: RedisNode[]
  /** `CHATTY_REDIS_CLUSTER_NODES`: every node, comma-separated. */
  nodesEnv: string
  /** The nodes serving slots now, from CLUSTER NODES of a live node. */
  masters(): Promise<RedisNode[]>
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 20_000

export async function startRedisCluster(options: ClusterOptions = {}): Promise<TestCluster> {
  const masters = options.masters ?? 3
  const replicas = options.replicas ?? 0
  const host = options.host ?? '127.0.0.1'
  const nodes: RedisNode[] = []
  const stop = async (): Promise<void> => {
    await Promise.all(nodes.map((node) => node.stop()))
  }
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      const extraArgs = [
        '--cluster-enabled', 'yes',
        '--cluster-port', String(await freePort()),
        '--cluster-config-file', 'nodes.conf',
        '--cluster-node-timeout', String(options.nodeTimeoutMs ?? 2000),
        // A replica's first sync starts at once (Redis 7 waits 5 s for more replicas by default).
        '--repl-diskless-sync-delay', '0',
        ...(options.host ? ['--cluster-announce-ip', options.host] : []),
      ] // prettier-ignore
      nodes.push(await startRedisNode({ extraArgs, prefix: options.prefix, bind: options.host }))
    }
    const create = run('redis-cli', [
      '--cluster', 'create',
      ...nodes.map((n) => `${host}:${n.port}`),
      '--cluster-replicas', String(replicas),
      '--cluster-yes',
    ]) // prettier-ignore
    if ((await create.exited) !== 0) {
      throw new Error(`redis-cli --cluster create failed: ${create.output()}`)
    }
    for (const node of nodes) await waitForClusterOk(node.port, nodes.length)
    await waitForReplicasInSync(nodes, masters * replicas)
  } catch (error) {
    await stop()
    throw error
  }
  return {
    nodes,
    nodesEnv: nodes.map((n) => `${host}:${n.port}`).join(','),
    masters: () => currentMasters(nodes),
    stop,
  }
}

/** Waits until the node reports the cluster ok and knows every other node. */
async function waitForClusterOk(port: number, total: number): Promise<void> {
  const client = probeRedis(port)
  try {
    await client.connect()
    await waitUntil(
      `cluster ok on ${port}`,
      async () => {
        const info = String(await client.call('CLUSTER', 'INFO'))
        const known = Number(/cluster_known_nodes:(\d+)/.exec(info)?.[1])
        return info.includes('cluster_state:ok') && known === total ? true : undefined
      },
      { timeoutMs: START_TIMEOUT_MS },
    )
  } finally {
    client.disconnect()
  }
}

/**
 * Waits until `count` replicas have finished their first sync with their masters. Until
 * then a replica cannot take over: its data counts as older than
 * `cluster-replica-validity-factor` allows, so a master killed earlier stays down for good.
 */
async function waitForReplicasInSync(nodes: RedisNode[], count: number): Promise<void> {
  await waitUntil(
    `${count} replicas in sync with their masters`,
    async () => {
      let inSync = 0
      for (const node of nodes) {
        const client = probeRedis(node.port)
        try {
          await client.connect()
          const info = String(await client.info('replication'))
          if (/role:slave/.test(info) && /master_link_status:up/.test(info)) inSync++
        } finally {
          client.disconnect()
        }
      }
      return inSync === count ? true : undefined
    },
    { timeoutMs: START_TIMEOUT_MS },
  )
}

async function currentMasters(nodes: RedisNode[]): Promise<RedisNode[]> {
  for (const node of nodes) {
    const client = probeRedis(node.port)
    try {
      await client.connect()
      const lines = String(await client.call('CLUSTER', 'NODES'))
        .trim()
        .split('\n')
      const ports = lines
        .map((line) => line.split(' '))
        // flags "master" without "fail", and at least one slot range
        .filter((f) => /(^|,)master/.test(f[2]!) && !f[2]!.includes('fail') && f[8] !== undefined)
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
