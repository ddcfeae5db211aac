/**
 * The Redis store's membership: member lists, locks and bans (each change one script that
 * stores and publishes), and what keeps them true when processes die. Every process notes
 * the rooms it holds members in (the node registry, `nodes.ts`), beats, and reaps the
 * members of processes that stopped beating; it puts its own back should it be reaped
 * while alive, and retries removals an outage refused once Redis is back.
 */
import { LOCK_RESUME_GRACE_SECONDS, type Member } from '../../../../protocol/index.js'
import { StoreUnavailable } from '../../rooms/errors.js'
import { callEach } from '../listeners.js'
import type {
  AddMemberResult,
  Admission,
  MemberRecord,
  ReapListener,
  RenameResult,
} from '../store.js'
import type { RedisContext } from './context.js'
import { NodeLiveness } from './nodes.js'
import {
  addMemberScript,
  expelMemberScript,
  registerRoomScript,
  removeMemberScript,
  renameMemberScript,
  setLockedScript,
  setVanishScript,
} from './scripts-members.js'

export interface RedisMembershipOptions {
  /** How often this process proves it is alive. */
  heartbeatMs: number
  /** Sends the room's batched appends first, so the room's events keep their call order. */
  flush: (roomId: string) => void
  /** Whether both of the store's connections are usable (pending removals wait for it). */
  available: () => boolean
}

/** A member as this process stored it (JSON without the join order), to re-add it after a reap. */
type StoredMember = string

export class RedisMembership {
  private readonly liveness: NodeLiveness
  private readonly reapListeners: ReapListener[] = []
  /** This process's own members as stored, by room and key. */
  private readonly ownMembers = new Map<string, Map<string, StoredMember>>()
  /** Removals that failed during an outage, sent once Redis is back. */
  private readonly pendingRemovals = new Map<
    string,
    { roomId: string; key: string; connId: string }
  >()

  constructor(
    private readonly ctx: RedisContext,
    private readonly options: RedisMembershipOptions,
  ) {
    this.liveness = new NodeLiveness({
      redis: ctx.redis,
      health: ctx.health,
      keys: ctx.keys,
      nodeId: ctx.nodeId,
      heartbeatMs: options.heartbeatMs,
      onReap: (roomId, members) => this.reaped(roomId, members),
      onPresumedDead: () => this.reRegister(),
      onError: ctx.onError,
    })
    this.liveness.start()
  }

  async addMember(
    roomId: string,
    member: MemberRecord,
    maxMembers: number,
    resumeHash?: string,
    admission: Admission = { host: false },
  ): Promise<AddMemberResult> {
    const stored: StoredMember = JSON.stringify({
      name: member.name,
      avatar: member.avatar,
      connId: member.connId,
      node: this.ctx.nodeId,
      joinedAt: Date.now(),
      ...(member.resumeHash && { resume: member.resumeHash }),
      ...(member.browser && { browser: member.browser }),
    })
    this.options.flush(roomId)
    // The reaper's note goes first: a process that dies right after adding leaves no ghost.
    // Neither call is awaited before the other is sent, so both keep their call order.
    const registered = this.register(roomId, '0')
    const added = this.runAddMember(roomId, member.key, stored, [
      maxMembers,
      resumeHash ?? '',
      member.browser ?? '',
      admission.host ? '1' : '0',
      admission.invitation?.id ?? '',
      admission.invitation?.hash ?? '',
    ])
    const [, [status, users, expiresAt]] = await Promise.all([registered, added])
    if (status !== 'ok' && status !== 'resumed') {
      return { ok: false, reason: status as Exclude<AddMemberResult, { ok: true }>['reason'] }
    }
    this.remember(roomId, member.key, stored)
    await this.register(roomId, expiresAt!)
    const members = (JSON.parse(users!) as { content: Member[] }).content
    return status === 'resumed' ? { ok: true, members, resumed: true } : { ok: true, members }
  }

  async removeMember(roomId: string, key: string, connId: string): Promise<boolean> {
    this.options.flush(roomId)
    this.ownMembers.get(roomId)?.delete(key)
    if (this.ownMembers.get(roomId)?.size === 0) this.ownMembers.delete(roomId)
    let removed: unknown
    try {
      removed = await this.removeStored(roomId, key, connId)
    } catch (error) {
      // The name must not stay taken by a connection that is gone: retried once Redis is back.
      if (!(error instanceof StoreUnavailable)) throw error
      this.pendingRemovals.set(`${roomId}\n${key}`, { roomId, key, connId })
      return false
    }
    return removed === 1
  }

  async renameMember(
    roomId: string,
    fromKey: string,
    connId: string,
    to: { name: string; key: string; avatar: string },
  ): Promise<RenameResult> {
    this.options.flush(roomId)
    const { redis, keys } = this.ctx
    const [status] = (await this.ctx.health.run(() =>
      renameMemberScript.run(
        redis,
        [keys.room(roomId), keys.members(roomId), keys.bans(roomId)],
        [keys.channel(roomId), fromKey, connId, to.key, to.name, to.avatar],
      ),
    )) as [string]
    if (status !== 'ok') {
      return { ok: false, reason: status as Exclude<RenameResult, { ok: true }>['reason'] }
    }
    const own = this.ownMembers.get(roomId)
    const stored = own?.get(fromKey)
    if (own && stored !== undefined) {
      own.delete(fromKey)
      own.set(to.key, JSON.stringify({ ...JSON.parse(stored), name: to.name, avatar: to.avatar }))
    }
    return { ok: true }
  }

  async expelMember(roomId: string, key: string): Promise<string | null> {
    this.options.flush(roomId)
    const { redis, keys } = this.ctx
    const name = await this.ctx.health.run(() =>
      expelMemberScript.run(
        redis,
        [keys.room(roomId), keys.members(roomId), keys.bans(roomId), keys.admitted(roomId)],
        [keys.channel(roomId), key],
      ),
    )
    return typeof name === 'string' ? name : null
  }

  async setLocked(roomId: string, locked: boolean): Promise<boolean> {
    this.options.flush(roomId)
    const { redis, keys } = this.ctx
    const done = await this.ctx.health.run(() =>
      setLockedScript.run(redis, [keys.room(roomId)], [keys.channel(roomId), locked ? '1' : '0']),
    )
    return done === 1
  }

  async setVanishSeconds(roomId: string, seconds: number): Promise<boolean> {
    this.options.flush(roomId)
    const { redis, keys } = this.ctx
    const done = await this.ctx.health.run(() =>
      setVanishScript.run(redis, [keys.room(roomId)], [keys.channel(roomId), seconds]),
    )
    return done === 1
  }

  onReap(listener: ReapListener): void {
    this.reapListeners.push(listener)
  }

  /** A destroyed room's id leaves this node's room set too (a set of the registry's slot). */
  async forgetRoom(roomId: string): Promise<void> {
    try {
      await this.ctx.redis.srem(this.ctx.keys.nodeRooms(this.ctx.nodeId), roomId)
    } catch (error) {
      this.ctx.onError(error)
    }
  }

  /** Stops beating and removes this process's members (the others would reap them). */
  /**
   * Stops beating, and removes this process's members and forgets it, unless `hold` and
   * members are still held here: then it stays in the registry, is found dead after a few
   * beats, and the reaper removes (and announces) whoever has not come back by then.
   */
  stop(how: 'release' | 'hold'): Promise<void> {
    return this.liveness.stop(how === 'hold' && this.ownMembers.size > 0)
  }

  /** Removals refused during the outage, now that Redis is back; their rooms are told. */
  async sendPendingRemovals(): Promise<void> {
    if (this.pendingRemovals.size === 0) return
    for (const [id, { roomId, key, connId }] of this.pendingRemovals) {
      if (!this.options.available()) return
      this.pendingRemovals.delete(id)
      try {
        const raw = await this.storedMember(roomId, key)
        if (!raw || (JSON.parse(raw) as { connId: string }).connId !== connId) continue
        const member = JSON.parse(raw) as Member
        if ((await this.removeStored(roomId, key, connId)) === 1) {
          this.reaped(roomId, [{ name: member.name, avatar: member.avatar }])
        }
      } catch (error) {
        if (error instanceof StoreUnavailable) this.pendingRemovals.set(id, { roomId, key, connId })
        else this.ctx.onError(error)
      }
    }
  }

  /** Another process took this one for dead and removed its members: put them back. */
  private async reRegister(): Promise<void> {
    for (const [roomId, members] of this.ownMembers) {
      for (const [key, stored] of members) {
        const [, [status, , expiresAt]] = await Promise.all([
          this.register(roomId, '0'),
          // Already counted in the room: re-adding never makes it full, nor is it new
          // to a locked room (the host flag admits it; a ban still refuses it).
          this.runAddMember(roomId, key, stored, [Number.MAX_SAFE_INTEGER, '', '', '1', '', '']),
        ])
        if (status === 'ok') {
          await this.register(roomId, expiresAt!)
        } else if (status !== 'name_taken' || !(await this.holdsName(roomId, key, stored))) {
          members.delete(key)
          this.ctx.onError(
            new Error(`store: a member could not be re-added after a reap (${status})`),
          )
        }
      }
    }
  }

  /** Notes in the node registry that this process holds members in the room (until `expiresAt`). */
  private register(roomId: string, expiresAt: string): Promise<unknown> {
    const { redis, keys, nodeId } = this.ctx
    return this.ctx.health.run(() =>
      registerRoomScript.run(
        redis,
        [keys.nodeRooms(nodeId), keys.nodes()],
        [roomId, nodeId, expiresAt],
      ),
    )
  }

  /**
   * ARGV after the member: max members, resume hash, browser, host flag ('1' or '0'), the
   * presented invitation's id and hash ('' when none).
   */
  private runAddMember(
    roomId: string,
    key: string,
    stored: StoredMember,
    admission: [number, string, string, string, string, string],
  ): Promise<[string, string?, string?]> {
    const { redis, keys } = this.ctx
    return this.ctx.health.run(
      () =>
        addMemberScript.run(
          redis,
          [
            keys.room(roomId),
            keys.members(roomId),
            keys.bans(roomId),
            keys.admitted(roomId),
            keys.invitations(roomId),
          ],
          [keys.channel(roomId), key, stored, ...admission],
        ) as Promise<[string, string?, string?]>,
    )
  }

  private removeStored(roomId: string, key: string, connId: string): Promise<unknown> {
    const { redis, keys } = this.ctx
    return this.ctx.health.run(() =>
      removeMemberScript.run(
        redis,
        [keys.room(roomId), keys.members(roomId), keys.admitted(roomId)],
        [keys.channel(roomId), key, connId, LOCK_RESUME_GRACE_SECONDS * 1000],
      ),
    )
  }

  private storedMember(roomId: string, key: string): Promise<string | null> {
    return this.ctx.health.run(() => this.ctx.redis.hget(this.ctx.keys.members(roomId), key))
  }

  /** Whether the stored member under `key` is this process's own (re-added already). */
  private async holdsName(roomId: string, key: string, stored: StoredMember): Promise<boolean> {
    const raw = await this.storedMember(roomId, key)
    if (!raw) return false
    const { connId } = JSON.parse(raw) as { connId: string }
    return connId === (JSON.parse(stored) as { connId: string }).connId
  }

  private remember(roomId: string, key: string, stored: StoredMember): void {
    let room = this.ownMembers.get(roomId)
    if (!room) {
      room = new Map()
      this.ownMembers.set(roomId, room)
    }
    room.set(key, stored)
  }

  private reaped(roomId: string, members: Member[]): void {
    callEach(this.reapListeners, [roomId, members], this.ctx.onError)
  }
}
