/**
 * The store for many processes: room keys with TTLs in Redis, events over pub/sub.
 * Every write that must be seen in one order (messages, member changes) is one Lua
 * script that stores and publishes together, so every subscriber in every process
 * sees the same order. This file only composes the roles, one file each: `rooms.ts`
 * (records, history), `appends.ts` (messages batched into one script call per room and turn), `membership.ts` (members, the node registry,
 * reaping), `events.ts` (pub/sub, the room feed, the epoch check) and `health.ts`.
 */
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { StoredFrame, TypingFrame } from '../../../../protocol/index.js'
import { StoreUnavailable } from '../../rooms/errors.js'
import { withTimeout } from '../../with-timeout.js'
import type {
  AddMemberResult,
  Admission,
  AvailabilityListener,
  MemberRecord,
  MessageDraft,
  ReapListener,
  RenameResult,
  RoomListener,
  RoomRecord,
  Store,
  StoreOptions,
} from '../store.js'
import { AppendBatcher } from './appends.js'
import { RedisHealth } from './client-health.js'
import {
  connect,
  disconnect,
  FAIL_FAST,
  type RedisClient,
  type RedisNodeAddress,
  type RedisTarget,
} from './connection.js'
import type { RedisContext } from './context.js'
import { RedisEvents } from './events.js'
import { RedisAvailability } from './health.js'
import { RedisBlobs } from './blobs.js'
import { RedisMessageEdits } from './message-edits.js'
import { RedisInvitations } from './invitations.js'
import { RedisKeys } from './keys.js'
import { RedisMembership } from './membership.js'
import { RedisRooms } from './rooms.js'

export interface RedisStoreOptions extends StoreOptions {
  /** One Redis… */
  url?: string
  /** …or a Redis Cluster, reached through any of these nodes (exactly one of the two). */
  clusterNodes?: RedisNodeAddress[]
  /** How often this process proves it is alive; its members are reaped after ~3–4 silent beats. */
  heartbeatSeconds: number
  /**
   * Where background failures (listener exceptions, a node presumed dead) go; not the
   * outage itself, which `onAvailability` reports once per change (default: console.error;
   * the app passes its logger).
   */
  onError?: (error: unknown) => void
}

const CLOSE_TIMEOUT_MS = 2000

export class RedisStore implements Store {
  /** Identifies this process among those sharing the Redis: host, pid, random. */
  readonly nodeId = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
  private readonly redis: RedisClient
  private readonly rooms: RedisRooms
  private readonly appends: AppendBatcher
  private readonly membership: RedisMembership
  /** The rooms' files (`blobs.ts`). */
  readonly files: RedisBlobs
  /** Deletions, edits and reactions (`message-edits.ts`). */
  readonly edits: RedisMessageEdits
  /** The rooms' invitations (`invitations.ts`). */
  readonly invitations: RedisInvitations
  private readonly events: RedisEvents
  private readonly health: RedisAvailability
  private readonly reportAlways: (error: unknown) => void
  private closing: Promise<void> | undefined

  constructor(options: RedisStoreOptions) {
    const onError = options.onError ?? ((error) => console.error(error))
    this.reportAlways = onError
    const target = redisTarget(options)
    this.redis = connect(target, 'url' in target ? FAIL_FAST : {})
    // It listens to every 'error' event (ioredis retries on its own meanwhile).
    const commandHealth = new RedisHealth(this.redis)
    const ctx: RedisContext = {
      redis: this.redis,
      health: commandHealth,
      keys: new RedisKeys('chatty:'),
      nodeId: this.nodeId,
      historyLimit: options.historyLimit,
      // An outage is reported once, as such: what fails because of it is not news.
      onError: (error) => {
        if (error instanceof StoreUnavailable || !commandHealth.available) return
        onError(error)
      },
    }
    this.events = new RedisEvents(ctx, target, {
      readHistory: (roomId, afterId, limit) => this.rooms.historyJson(roomId, afterId, limit),
      flush: (roomId) => this.appends.flush(roomId),
      onRoomClosed: (roomId) => void this.membership.forgetRoom(roomId),
    })
    this.health = new RedisAvailability({
      redis: this.redis,
      health: commandHealth,
      subHealth: this.events.subHealth,
      onUsable: () => void this.membership.sendPendingRemovals(),
      onError: ctx.onError,
    })
    this.appends = AppendBatcher.forRedis(ctx)
    this.rooms = new RedisRooms(ctx, (roomId, json) => this.events.noteHistory(roomId, json))
    this.files = new RedisBlobs(ctx)
    this.edits = new RedisMessageEdits(ctx, (roomId) => this.appends.flush(roomId))
    this.invitations = new RedisInvitations(ctx, (roomId) => this.appends.flush(roomId))
    this.membership = new RedisMembership(ctx, {
      heartbeatMs: options.heartbeatSeconds * 1000,
      flush: (roomId) => this.appends.flush(roomId),
      available: () => this.health.available,
    })
  }

  get full(): boolean {
    return this.health.full
  }

  /** Whether commands can be sent now. */
  get available(): boolean {
    return this.health.available
  }

  // Room records and history (`rooms.ts`).

  createRoom(room: RoomRecord): Promise<void> {
    return this.rooms.createRoom(room)
  }

  getRoom(roomId: string): Promise<RoomRecord | null> {
    return this.rooms.getRoom(roomId)
  }

  append(roomId: string, draft: MessageDraft): Promise<StoredFrame | null> {
    // Batched with the room's other appends of this turn (see `appends.ts`).
    return this.appends.append(roomId, draft)
  }

  history(roomId: string, afterId: number, limit: number): Promise<StoredFrame[]> {
    return this.rooms.history(roomId, afterId, limit)
  }

  message(roomId: string, id: number): Promise<StoredFrame | null> {
    return this.rooms.message(roomId, id)
  }

  async destroyRoom(roomId: string): Promise<boolean> {
    // Appends still batched go first, so none can recreate a key after the deletion.
    this.appends.flush(roomId)
    const done = await this.rooms.destroyRoom(roomId)
    await this.membership.forgetRoom(roomId)
    return done
  }

  // Membership (`membership.ts`).

  addMember(
    roomId: string,
    member: MemberRecord,
    maxMembers: number,
    resumeHash?: string,
    admission?: Admission,
  ): Promise<AddMemberResult> {
    return this.membership.addMember(roomId, member, maxMembers, resumeHash, admission)
  }

  removeMember(roomId: string, key: string, connId: string): Promise<boolean> {
    return this.membership.removeMember(roomId, key, connId)
  }

  renameMember(
    roomId: string,
    fromKey: string,
    connId: string,
    to: { name: string; key: string; avatar: string },
  ): Promise<RenameResult> {
    return this.membership.renameMember(roomId, fromKey, connId, to)
  }

  expelMember(roomId: string, key: string): Promise<string | null> {
    return this.membership.expelMember(roomId, key)
  }

  setLocked(roomId: string, locked: boolean): Promise<boolean> {
    return this.membership.setLocked(roomId, locked)
  }

  setVanishSeconds(roomId: string, seconds: number): Promise<boolean> {
    return this.membership.setVanishSeconds(roomId, seconds)
  }

  onReap(listener: ReapListener): void {
    this.membership.onReap(listener)
  }

  // Events (`events.ts`).

  publish(roomId: string, frame: TypingFrame): Promise<void> {
    return this.events.publish(roomId, frame)
  }

  subscribe(roomId: string, listener: RoomListener): Promise<() => Promise<void>> {
    return this.events.subscribe(roomId, listener)
  }

  onHistoryReset(listener: (roomId: string) => void): void {
    this.events.onHistoryReset(listener)
  }

  // Health (`health.ts`).

  onAvailability(listener: AvailabilityListener): void {
    this.health.onAvailability(listener)
  }

  ping(): Promise<void> {
    return this.health.ping()
  }

  readonly outlivesProcess = true

  close(how: 'release' | 'hold' = 'release'): Promise<void> {
    this.closing ??= this.shutdown(how)
    return this.closing
  }

  private async shutdown(how: 'release' | 'hold'): Promise<void> {
    this.appends.flushAll()
    // Bounded, so that a process whose Redis is gone can still exit; its members are
    // then reaped by the other processes.
    try {
      const releasing = this.membership.stop(how)
      await withTimeout(releasing, CLOSE_TIMEOUT_MS, 'Redis store: releasing members timed out')
    } catch (error) {
      // Even in an outage: these members stay until another process reaps them.
      this.reportAlways(error)
    }
    this.events.close()
    this.health.close()
    await Promise.allSettled(
      [this.redis, this.events.client].map((client) => disconnect(client, CLOSE_TIMEOUT_MS)),
    )
  }
}

function redisTarget(options: RedisStoreOptions): RedisTarget {
  if (options.url && !options.clusterNodes) return { url: options.url }
  if (options.clusterNodes?.length && !options.url) return { clusterNodes: options.clusterNodes }
  throw new Error('RedisStore: give either url or clusterNodes')
}
