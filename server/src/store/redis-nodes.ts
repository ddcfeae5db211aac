/**
 * Liveness of the processes sharing one Redis, so a process that dies without
 * closing (SIGKILL, crash, lost host) does not leave ghost members behind.
 *
 * Every node records a beat in the registry hash (`chatty:{registry}:nodes`) every `heartbeatMs`. A node whose last
 * beat is older than 3 beats is dead. On each of its own beats, every live node looks
 * for dead ones; the first to take a dead node's lock removes that node's members
 * from each room listed in its room set (publishing `users`), reports them through
 * `onReap`, and forgets the node. Like every key, the registry has a TTL (see
 * `RedisKeys.nodes`), so Redis keeps no trace of the processes once they are all gone.
 *
 * Bound: a node that dies right after beating is seen as dead once 3 beats have
 * passed and is reaped at the next beat of some live node, so its ghosts disappear
 * within about 3–4 heartbeats (plus one round of Redis calls) of its last beat.
 * A node that was only stalled for that long loses its members the same way; the
 * store reports that through `onError` when the node beats again.
 */
import type { Member } from '../../../protocol/index.js'
import type { RedisClient } from './redis-connection.js'
import type { RedisKeys } from './redis-keys.js'
import { beatScript, forgetNodeScript, removeNodeMembersScript } from './redis-scripts.js'

export const DEAD_AFTER_BEATS = 3
/**
 * The registry expires this many beats after the last beat of any node, unless a
 * join extended it to its room's end: long enough that beating nodes never lose it,
 * short enough that Redis forgets the processes soon after the last one stops.
 */
const REGISTRY_MIN_BEATS = 2 * DEAD_AFTER_BEATS

export interface NodeLivenessOptions {
  redis: RedisClient
  keys: RedisKeys
  nodeId: string
  heartbeatMs: number
  onReap: (roomId: string, members: Member[]) => void
  onError: (error: unknown) => void
}

interface StoredMember extends Member {
  order: number
}

export class NodeLiveness {
  private timer: NodeJS.Timeout | undefined
  private registered = false
  private beating: Promise<void> = Promise.resolve()
  private readonly deadAfterMs: number

  constructor(private readonly options: NodeLivenessOptions) {
    this.deadAfterMs = DEAD_AFTER_BEATS * options.heartbeatMs
  }

  start(): void {
    this.tick()
    this.timer = setInterval(() => this.tick(), this.options.heartbeatMs)
    this.timer.unref()
  }

  /** Stops beating, removes this node's own members (publishing `users`) and forgets it. */
  async stop(): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    await this.beating
    await this.removeMembersOf(this.options.nodeId)
    await this.forget(this.options.nodeId, -1)
  }

  private tick(): void {
    // One beat at a time: a slow Redis must not pile up overlapping reaps.
    this.beating = this.beating.then(() => this.beat()).catch(this.options.onError)
  }

  private async beat(): Promise<void> {
    const { redis, keys, nodeId } = this.options
    const [isNew, dead] = (await beatScript.run(
      redis,
      [keys.nodes()],
      [nodeId, this.deadAfterMs, REGISTRY_MIN_BEATS * this.options.heartbeatMs],
    )) as [number, string[]]
    if (isNew === 1 && this.registered) {
      this.options.onError(
        new Error(
          `store node ${nodeId} was presumed dead (no beat for 3 heartbeats); its members were removed`,
        ),
      )
    }
    this.registered = true
    for (const deadId of dead) {
      const locked = await redis.set(keys.reapLock(deadId), nodeId, 'PX', this.deadAfterMs, 'NX')
      if (locked !== 'OK') continue
      await this.reap(deadId)
    }
  }

  private async reap(deadId: string): Promise<void> {
    const removed = await this.removeMembersOf(deadId)
    await this.forget(deadId, this.deadAfterMs)
    for (const [roomId, members] of removed) {
      try {
        this.options.onReap(roomId, members)
      } catch (error) {
        this.options.onError(error)
      }
    }
  }

  /** Removes the node's members from each of its rooms; returns them per room, in join order. */
  private async removeMembersOf(node: string): Promise<Map<string, Member[]>> {
    const { redis, keys } = this.options
    const removed = new Map<string, Member[]>()
    const roomIds = await redis.smembers(keys.nodeRooms(node))
    for (const roomId of roomIds) {
      const raw = (await removeNodeMembersScript.run(
        redis,
        [keys.room(roomId), keys.members(roomId)],
        [keys.channel(roomId), node],
      )) as string[]
      if (raw.length === 0) continue
      const members = raw
        .map((json) => JSON.parse(json) as StoredMember)
        .sort((a, b) => a.order - b.order)
        .map(({ name, avatar }) => ({ name, avatar }))
      removed.set(roomId, members)
    }
    return removed
  }

  private async forget(node: string, deadAfterMs: number): Promise<void> {
    const { redis, keys } = this.options
    await forgetNodeScript.run(
      redis,
      [keys.nodes(), keys.nodeRooms(node), keys.reapLock(node)],
      [node, deadAfterMs],
    )
  }
}
