/**
 * Where the Redis store's data lives: one Redis (`CHATTY_REDIS_URL`) or a Redis Cluster
 * (`CHATTY_REDIS_CLUSTER_NODES`). Everything else in the store is the same on both: each
 * room's keys share the room's hash tag, so a room's scripts run on one slot, and room
 * events go over pub/sub on a channel in that slot. On a cluster that is *sharded*
 * pub/sub (SPUBLISH/SSUBSCRIBE, Redis ≥ 7): a message stays on the shard that owns the
 * room, and a process holds subscriptions only on the shards of the rooms it serves.
 * A plain PUBLISH would be copied to every node of the cluster.
 */
import { Cluster, Redis } from 'ioredis'
import { withTimeout } from '../../with-timeout.js'

/** A node of a cluster, from `CHATTY_REDIS_CLUSTER_NODES`; the client finds the others itself. */
export interface RedisNodeAddress {
  host: string
  port: number
  /** ACL user and password, and TLS (`rediss://`): the same for every node of the cluster. */
  username?: string
  password?: string
  tls?: boolean
}

/** What every node connection of a cluster needs: its credentials, TLS (from the first node). */
function clusterAuth(nodes: RedisNodeAddress[]): Record<string, unknown> {
  const { username, password, tls } = nodes[0] ?? {}
  return {
    ...(username && { username }),
    ...(password && { password }),
    ...(tls && { tls: {} }),
  }
}

const hostPort = (nodes: RedisNodeAddress[]) => nodes.map(({ host, port }) => ({ host, port }))

export type RedisTarget = { url: string } | { clusterNodes: RedisNodeAddress[] }

/** A client of either kind; both run the same commands and scripts. */
export type RedisClient = Redis | Cluster

/** A command waits at most this long for a client that is not ready, or for its answer (see client-health.ts). */
export const COMMAND_TIMEOUT_MS = 1000

export interface ClientOptions {
  connectTimeout?: number
  maxRetriesPerRequest?: number
  enableOfflineQueue?: boolean
  autoResendUnfulfilledCommands?: boolean
}

/**
 * For clients whose commands go through `RedisHealth.run` (which only sends them while the
 * client is ready): a command is never queued while disconnected, and one that was sent
 * when the connection dropped fails instead of being sent again later, after its caller
 * was told it failed (on a cluster, ioredis keeps its own routing queue).
 */
export const FAIL_FAST: ClientOptions = {
  enableOfflineQueue: false,
  autoResendUnfulfilledCommands: false,
  maxRetriesPerRequest: 0,
}

const CLUSTER_RETRY_DELAY_MS = 100

export function connect(target: RedisTarget, options: ClientOptions = {}): RedisClient {
  if ('url' in target) return new Redis(target.url, options)
  // The cluster client routes (and on a failover re-routes) through its node connections'
  // queues: those stay as ioredis sets them.
  const { enableOfflineQueue: _queue, autoResendUnfulfilledCommands: _resend, ...node } = options
  return new Cluster(hostPort(target.clusterNodes), {
    redisOptions: { ...node, ...clusterAuth(target.clusterNodes) },
    // Scripts write: they must run on masters, and replicas may lag.
    scaleReads: 'master',
    // While a shard has no master, ioredis re-sends a command every `retryDelayOnFailover`
    // (or on CLUSTERDOWN) until it runs out of redirections. It must run out well before
    // `COMMAND_TIMEOUT_MS`: a command the caller was told failed ("unavailable: not sent")
    // must not be sent again after that and stored behind the caller's back.
    retryDelayOnFailover: CLUSTER_RETRY_DELAY_MS,
    retryDelayOnClusterDown: CLUSTER_RETRY_DELAY_MS,
    retryDelayOnTryAgain: CLUSTER_RETRY_DELAY_MS,
    maxRedirections: Math.floor(COMMAND_TIMEOUT_MS / 2 / CLUSTER_RETRY_DELAY_MS),
  })
}

/** The pub/sub side: subscribe, unsubscribe, publish and incoming messages, plain or sharded. */
export class RoomChannels {
  readonly sharded: boolean
  private readonly sub: RedisClient

  constructor(target: RedisTarget, onMessage: (channel: string, message: string) => void) {
    this.sharded = !('url' in target)
    if ('url' in target) {
      this.sub = new Redis(target.url)
      this.sub.on('message', onMessage)
    } else {
      // One subscriber connection per master, opened when a room of its slots is subscribed.
      this.sub = new Cluster(hostPort(target.clusterNodes), {
        shardedSubscribers: true,
        redisOptions: { lazyConnect: true, ...clusterAuth(target.clusterNodes) },
      })
      this.sub.on('smessage', onMessage)
    }
  }

  get client(): RedisClient {
    return this.sub
  }

  /**
   * Calls `listener` each time subscriptions were re-established (the re-subscribe commands
   * are sent by then): after a reconnect, and on a cluster after the subscriber followed a
   * topology change, such as a replica promoted in place of a dead master. Messages
   * published in between were not received; the caller reads them from history.
   */
  onResubscribed(listener: () => void): void {
    // ioredis emits `ready` after writing the re-subscribe commands of a reconnect.
    if (this.sharded) this.sub.on('subscribersReady', listener)
    else this.sub.on('ready', listener)
  }

  subscribe(channel: string): Promise<unknown> {
    return this.sharded ? this.sub.ssubscribe(channel) : this.sub.subscribe(channel)
  }

  unsubscribe(channel: string): Promise<unknown> {
    return this.sharded ? this.sub.sunsubscribe(channel) : this.sub.unsubscribe(channel)
  }
}

/** The publish command for `client`: sharded on a cluster. */
export function publishCommand(client: RedisClient): 'PUBLISH' | 'SPUBLISH' {
  return client.isCluster ? 'SPUBLISH' : 'PUBLISH'
}

/** QUIT when connected (pending replies still arrive), then drop the socket for sure. */
export async function disconnect(client: RedisClient, timeoutMs: number): Promise<void> {
  try {
    if (client.status === 'ready') {
      await withTimeout(client.quit(), timeoutMs, 'Redis store: QUIT timed out')
    }
  } finally {
    client.disconnect()
  }
}
