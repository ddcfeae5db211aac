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
 *
 * Outages: a node cut off from Redis cannot beat, and neither could the others. So a
 * node reaps no one until a full dead window (3 beats) after its own connection came
 * back, or after a gap in its own beats: by then every live node has beaten again. A
 * ghost may therefore hold its names up to `GHOST_MAX_BEATS` heartbeats when the only
 * other processes have just started or reconnected. And should a live node still be
 * reaped (it stalled for 3 beats while Redis stayed up), it learns so at its next beat
 * (it is new in the registry, or finds the reaper's note) and puts its live members
 * back at once (`onPresumedDead`); the store reports that through `onError`.
 */
import { LOCK_RESUME_GRACE_SECONDS, type Member } from '../../../../protocol/index.js'
import type { RedisClient } from './connection.js'
import type { RedisHealth } from './client-health.js'
import type { RedisKeys } from './keys.js'
import { beatScript, forgetNodeScript, removeNodeMembersScript } from './scripts-members.js'

export const DEAD_AFTER_BEATS = 3

/**
 * The longest a dead node's members keep their names, in heartbeats after its last beat:
 * 3 beats to be dead, 3 more when the reaper has just (re)connected, 1 until its next beat.
 * Clients retrying `name_taken` on rejoin retry at least this long (README, useRoomChat).
 */
export const GHOST_MAX_BEATS = 2 * DEAD_AFTER_BEATS + 1
/**
 * The registry expires this many beats after the last beat of any node, unless a
 * join extended it to its room's end: long enough that beating nodes never lose it,
 * short enough that Redis forgets the processes soon after the last one stops.
 */
const REGISTRY_MIN_BEATS = 2 * DEAD_AFTER_BEATS

export interface NodeLivenessOptions {
  redis: RedisClient
  /** Bounds every command, and says when the connection last came back. */
  health: RedisHealth
  keys: RedisKeys
  nodeId: string
  heartbeatMs: number
  onReap: (roomId: string, members: Member[]) => void
  /** This node was taken for dead and its members removed: put the live ones back. */
  onPresumedDead: () => Promise<void>
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
  /** When this node's last beat succeeded, by its own clock. */
  private lastBeatAt = 0
  /** No reaping before this time (a dead window after this node's own outage). */
  private reapFrom = 0

  constructor(private readonly options: NodeLivenessOptions) {
    this.deadAfterMs = DEAD_AFTER_BEATS * options.heartbeatMs
  }

  start(): void {
    this.tick()
    this.timer = setInterval(() => this.tick(), this.options.heartbeatMs)
    this.timer.unref()
  }

  /** Stops beating, removes this node's own members (publishing `users`) and forgets it. */
  /** Stops beating; unless `leaveToReapers`, removes this node's members and forgets it. */
  async stop(leaveToReapers = false): Promise<void> {
    clearInterval(this.timer)
    this.timer = undefined
    await this.beating
    if (leaveToReapers) return
    await this.removeMembersOf(this.options.nodeId)
    await this.forget(this.options.nodeId, -1)
  }

  private tick(): void {
    // One beat at a time: a slow Redis must not pile up overlapping reaps.
    this.beating = this.beating.then(() => this.beat()).catch(this.options.onError)
  }

  private async beat(): Promise<void> {
    const { redis, keys, nodeId, health, heartbeatMs } = this.options
    const [isNew, dead] = (await health.run(() =>
      beatScript.run(
        redis,
        [keys.nodes(), keys.reaped(nodeId)],
        [nodeId, this.deadAfterMs, REGISTRY_MIN_BEATS * heartbeatMs],
      ),
    )) as [number, string[]]
    const now = Date.now()
    // Others' silence may have been this node's own: wait until all of them beat again.
    const gap = this.lastBeatAt > 0 && now - this.lastBeatAt > 2 * heartbeatMs
    this.lastBeatAt = now
    this.reapFrom = Math.max(
      this.reapFrom,
      health.upSince + this.deadAfterMs,
      gap ? now + this.deadAfterMs : 0,
    )
    if (isNew === 1 && this.registered) {
      this.options.onError(
        new Error('store node was presumed dead (no beat for 3 heartbeats): re-adding its members'),
      )
      await this.options.onPresumedDead()
    }
    this.registered = true
    if (now < this.reapFrom) return
    for (const deadId of dead) {
      const locked = await health.run(() =>
        redis.set(keys.reapLock(deadId), nodeId, 'PX', this.deadAfterMs, 'NX'),
      )
      if (locked !== 'OK') continue
      await this.reap(deadId)
    }
  }

  private async reap(deadId: string): Promise<void> {
    const { redis, keys, health } = this.options
    const removed = await this.removeMembersOf(deadId)
    // Set after the removals: should the node be alive after all, its next beat finds it.
    await health.run(() => redis.set(keys.reaped(deadId), '1', 'PX', 2 * this.deadAfterMs))
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
    const { redis, keys, health } = this.options
    const removed = new Map<string, Member[]>()
    const roomIds = await health.run(() => redis.smembers(keys.nodeRooms(node)))
    for (const roomId of roomIds) {
      const raw = (await health.run(() =>
        removeNodeMembersScript.run(
          redis,
          [keys.room(roomId), keys.members(roomId), keys.admitted(roomId)],
          [keys.channel(roomId), node, LOCK_RESUME_GRACE_SECONDS * 1000],
        ),
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
    const { redis, keys, health } = this.options
    await health.run(() =>
      forgetNodeScript.run(
        redis,
        [keys.nodes(), keys.nodeRooms(node), keys.reapLock(node)],
        [node, deadAfterMs],
      ),
    )
  }
}
