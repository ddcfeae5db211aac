/**
 * The store for many processes: room keys with TTLs in Redis, events over pub/sub.
 * Every write that must be seen in one order (messages, member changes) is one Lua
 * script that stores and publishes together, so every subscriber in every process
 * sees the same order. Dead processes' members are reaped (see `redis-nodes.ts`).
 */
import { createHash, randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import {
  LOCK_RESUME_GRACE_SECONDS,
  type Member,
  type StoredFrame,
  type TypingFrame,
} from '../../../protocol/index.js'
import { RedisKeys } from './redis-keys.js'
import { NodeLiveness } from './redis-nodes.js'
import { AppendBatcher } from './redis-append-batch.js'
import { RoomFeed } from './redis-room-feed.js'
import { RedisHealth } from './redis-health.js'
import {
  COMMAND_TIMEOUT_MS,
  connect,
  FAIL_FAST,
  RoomChannels,
  type RedisClient,
  type RedisNodeAddress,
  type RedisTarget,
} from './redis-connection.js'
import {
  addMemberScript,
  checkEpochScript,
  appendBatchScript,
  destroyRoomScript,
  expelMemberScript,
  registerRoomScript,
  removeMemberScript,
  setLockedScript,
} from './redis-scripts.js'
import {
  newEpoch,
  StoreUnavailable,
  type AddMemberResult,
  type Admission,
  type AvailabilityListener,
  type MemberRecord,
  type MessageDraft,
  type ReapListener,
  type RoomEvent,
  type RoomListener,
  type RoomRecord,
  type Store,
  type StoreOptions,
} from './store.js'
import { callEach } from './listeners.js'

export interface RedisStoreOptions extends StoreOptions {
  /** One Redis… */
  url?: string
  /** …or a Redis Cluster, reached through any of these nodes (exactly one of the two). */
  clusterNodes?: RedisNodeAddress[]
  /** How often this process proves it is alive; its members are reaped after ~3–4 silent beats. */
  heartbeatSeconds: number
  /** Identifies this process among those sharing the Redis (default: host, pid, random). */
  nodeId?: string
  /** Prefix of every key and channel (default `chatty:`). */
  keyPrefix?: string
  /**
   * Where background failures (listener exceptions, a node presumed dead) go; not the
   * outage itself, which `onAvailability` reports once per change (default: console.error;
   * the app passes its logger).
   */
  onError?: (error: unknown) => void
}

const CLOSE_TIMEOUT_MS = 2000

/**
 * An append must run in Redis this long before its caller's timeout, or it is refused: time
 * for the reply to travel back, and for the clocks of this host and Redis to differ.
 */
const LATE_REPLY_MARGIN_MS = 300

interface Channel {
  listeners: Set<RoomListener>
  /** Settles when Redis confirmed the SUBSCRIBE. */
  ready: Promise<unknown>
  /** Puts the stream back in order when pub/sub lost part of it (see `redis-room-feed.ts`). */
  feed: RoomFeed
  roomId: string
}

export class RedisStore implements Store {
  readonly nodeId: string
  private readonly redis: RedisClient
  private readonly sub: RoomChannels
  private readonly keys: RedisKeys
  private readonly historyLimit: number
  private readonly channels = new Map<string, Channel>()
  private readonly reapListeners: ReapListener[] = []
  private readonly resetListeners: ((roomId: string) => void)[] = []
  private readonly liveness: NodeLiveness
  private readonly batcher: AppendBatcher
  private readonly onError: (error: unknown) => void
  private readonly reportAlways: (error: unknown) => void
  private readonly health: RedisHealth
  private readonly subHealth: RedisHealth
  private readonly availabilityListeners: AvailabilityListener[] = []
  private reportedAvailable: boolean | undefined
  /** This process's members as stored (JSON without the join order), by room and key. */
  private readonly held = new Map<string, Map<string, string>>()
  /** Removals that failed during an outage, sent once Redis is back. */
  private readonly pendingRemovals = new Map<
    string,
    { roomId: string; key: string; connId: string }
  >()
  private closing: Promise<void> | undefined
  private catchingUp: Promise<void> | undefined
  private catchUpAgain = false

  constructor(options: RedisStoreOptions) {
    this.nodeId = options.nodeId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
    this.keys = new RedisKeys(options.keyPrefix ?? 'chatty:')
    this.historyLimit = options.historyLimit
    const onError = options.onError ?? ((error) => console.error(error))
    this.reportAlways = onError
    // An outage is reported once, as such: what fails because of it is not news.
    this.onError = (error) => {
      if (error instanceof StoreUnavailable || !this.health.available) return
      onError(error)
    }
    const target = redisTarget(options)
    this.redis = connect(target, 'url' in target ? FAIL_FAST : {})
    this.sub = new RoomChannels(target, (channel, message) => this.deliver(channel, message))
    // The trackers listen to every 'error' event (ioredis retries on its own meanwhile).
    this.health = new RedisHealth(this.redis)
    this.subHealth = new RedisHealth(this.sub.client, !this.sub.sharded)
    this.health.onChange((_up, error) => this.availabilityChanged(error))
    this.subHealth.onChange((_up, error) => this.availabilityChanged(error))
    this.sub.onResubscribed(() => this.catchUp())
    this.liveness = new NodeLiveness({
      redis: this.redis,
      health: this.health,
      keys: this.keys,
      nodeId: this.nodeId,
      heartbeatMs: options.heartbeatSeconds * 1000,
      onReap: (roomId, members) => this.reaped(roomId, members),
      onPresumedDead: () => this.reRegister(),
      onError: this.onError,
    })
    this.liveness.start()
    this.batcher = new AppendBatcher(async (roomId, parts) => {
      // Its caller is told "unavailable, not sent" after COMMAND_TIMEOUT_MS; the script must
      // not store it after that, with room for the reply to come back (see the script).
      const deadline = Date.now() + COMMAND_TIMEOUT_MS - LATE_REPLY_MARGIN_MS
      const first = await this.health.run(
        () =>
          appendBatchScript.run(
            this.redis,
            [this.keys.room(roomId), this.keys.seq(roomId), this.keys.messages(roomId)],
            [this.keys.channel(roomId), this.historyLimit, deadline, ...parts],
          ) as Promise<number | null>,
      )
      if (first === -1) throw new StoreUnavailable()
      return first
    })
  }

  /** Whether commands can be sent now. */
  get available(): boolean {
    return this.health.available && this.subHealth.available
  }

  async createRoom(room: RoomRecord): Promise<void> {
    const key = this.keys.room(room.id)
    const results = await this.health.run(() =>
      this.redis
        .multi()
        .hset(key, {
          created_at: room.createdAt,
          expires_at: room.expiresAt,
          encrypted: room.encrypted ? 1 : 0,
          locked: room.locked ? 1 : 0,
          ...(room.creatorHash && { creator: room.creatorHash }),
          ...(room.epoch && { epoch: room.epoch }),
        })
        .pexpireat(key, room.expiresAt)
        .exec(),
    )
    const failed = results?.find(([error]) => error)
    if (failed) throw failed[0]
  }

  async getRoom(roomId: string): Promise<RoomRecord | null> {
    const [createdAt, expiresAt, encrypted, creator, locked, epoch] = await this.health.run(() =>
      this.redis.hmget(
        this.keys.room(roomId),
        'created_at',
        'expires_at',
        'encrypted',
        'creator',
        'locked',
        'epoch',
      ),
    )
    if (createdAt == null || expiresAt == null || Number(expiresAt) <= Date.now()) return null
    return {
      id: roomId,
      createdAt: Number(createdAt),
      expiresAt: Number(expiresAt),
      encrypted: encrypted === '1',
      ...(creator && { creatorHash: creator }),
      ...(locked === '1' && { locked: true }),
      ...(epoch && { epoch }),
    }
  }

  // Batched with the room's other appends of this turn (see `redis-append-batch.ts`).
  append(roomId: string, draft: MessageDraft): Promise<StoredFrame | null> {
    return this.batcher.append(roomId, draft)
  }

  async history(roomId: string, afterId: number, limit: number): Promise<StoredFrame[]> {
    const json = await this.historyJson(roomId, afterId, limit)
    // Members here now hold these ids: a later loss of writes is measured against them.
    this.channels.get(this.keys.channel(roomId))?.feed.noteHistory(json)
    return json.map((frame) => JSON.parse(frame) as StoredFrame)
  }

  /** The latest `limit` stored frames after `afterId`, oldest first, as stored. */
  private async historyJson(roomId: string, afterId: number, limit: number): Promise<string[]> {
    if (limit <= 0) return []
    const newestFirst = await this.health.run(() =>
      this.redis.zrevrangebyscore(
        this.keys.messages(roomId),
        '+inf',
        `(${afterId}`,
        'LIMIT',
        0,
        limit,
      ),
    )
    return newestFirst.reverse()
  }

  async message(roomId: string, id: number): Promise<StoredFrame | null> {
    const [json] = await this.health.run(() =>
      this.redis.zrangebyscore(this.keys.messages(roomId), id, id),
    )
    return json === undefined ? null : (JSON.parse(json) as StoredFrame)
  }

  async addMember(
    roomId: string,
    member: MemberRecord,
    maxMembers: number,
    resumeHash?: string,
    admission: Admission = { host: false },
  ): Promise<AddMemberResult> {
    const stored = JSON.stringify({
      name: member.name,
      avatar: member.avatar,
      connId: member.connId,
      node: this.nodeId,
      joinedAt: Date.now(),
      ...(member.resumeHash && { resume: member.resumeHash }),
      ...(member.browser && { browser: member.browser }),
    })
    this.batcher.flush(roomId)
    const register = (expiresAt: string) =>
      this.health.run(() =>
        registerRoomScript.run(
          this.redis,
          [this.keys.nodeRooms(this.nodeId), this.keys.nodes()],
          [roomId, this.nodeId, expiresAt],
        ),
      )
    // The reaper's note goes first: a process that dies right after adding leaves no ghost.
    // Neither call is awaited before the other is sent, so both keep their call order.
    const registered = register('0')
    const added = this.health.run(
      () =>
        addMemberScript.run(
          this.redis,
          [
            this.keys.room(roomId),
            this.keys.members(roomId),
            this.keys.bans(roomId),
            this.keys.admitted(roomId),
          ],
          [
            this.keys.channel(roomId),
            member.key,
            stored,
            maxMembers,
            resumeHash ?? '',
            member.browser ?? '',
            admission.host ? '1' : '0',
          ],
        ) as Promise<[string, string?, string?]>,
    )
    const [, [status, users, expiresAt]] = await Promise.all([registered, added])
    if (status !== 'ok' && status !== 'resumed') {
      return { ok: false, reason: status as Exclude<AddMemberResult, { ok: true }>['reason'] }
    }
    this.hold(roomId, member.key, stored)
    await register(expiresAt!)
    const members = usersContent(users!)
    return status === 'resumed' ? { ok: true, members, resumed: true } : { ok: true, members }
  }

  async removeMember(roomId: string, key: string, connId: string): Promise<boolean> {
    this.batcher.flush(roomId)
    this.held.get(roomId)?.delete(key)
    if (this.held.get(roomId)?.size === 0) this.held.delete(roomId)
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

  private removeStored(roomId: string, key: string, connId: string): Promise<unknown> {
    return this.health.run(() =>
      removeMemberScript.run(
        this.redis,
        [this.keys.room(roomId), this.keys.members(roomId), this.keys.admitted(roomId)],
        [this.keys.channel(roomId), key, connId, LOCK_RESUME_GRACE_SECONDS * 1000],
      ),
    )
  }

  async expelMember(roomId: string, key: string): Promise<string | null> {
    this.batcher.flush(roomId)
    const name = await this.health.run(() =>
      expelMemberScript.run(
        this.redis,
        [
          this.keys.room(roomId),
          this.keys.members(roomId),
          this.keys.bans(roomId),
          this.keys.admitted(roomId),
        ],
        [this.keys.channel(roomId), key],
      ),
    )
    return typeof name === 'string' ? name : null
  }

  async setLocked(roomId: string, locked: boolean): Promise<boolean> {
    this.batcher.flush(roomId)
    const done = await this.health.run(() =>
      setLockedScript.run(
        this.redis,
        [this.keys.room(roomId)],
        [this.keys.channel(roomId), locked ? '1' : '0'],
      ),
    )
    return done === 1
  }

  async destroyRoom(roomId: string): Promise<boolean> {
    // Appends still batched go first, so none can recreate a key after the deletion.
    this.batcher.flush(roomId)
    const done = await this.health.run(() =>
      destroyRoomScript.run(this.redis, this.keys.roomKeys(roomId), [this.keys.channel(roomId)]),
    )
    await this.forgetRoom(roomId)
    return done === 1
  }

  async members(roomId: string): Promise<Member[]> {
    const stored = await this.health.run(() => this.redis.hvals(this.keys.members(roomId)))
    return stored
      .map((json) => JSON.parse(json) as Member & { order: number })
      .sort((a, b) => a.order - b.order)
      .map(({ name, avatar }) => ({ name, avatar }))
  }

  async publish(roomId: string, frame: TypingFrame): Promise<void> {
    this.batcher.flush(roomId)
    const channel = this.keys.channel(roomId)
    const json = JSON.stringify(frame)
    await this.health.run(() =>
      this.redis.isCluster ? this.redis.spublish(channel, json) : this.redis.publish(channel, json),
    )
  }

  async subscribe(roomId: string, listener: RoomListener): Promise<() => Promise<void>> {
    const name = this.keys.channel(roomId)
    let channel = this.channels.get(name)
    if (!channel) {
      const listeners = new Set<RoomListener>()
      const feed = new RoomFeed(
        (afterId) => this.historyJson(roomId, afterId, this.historyLimit),
        (frame, json) => {
          if (frame.type === 'room_closed') void this.forgetRoom(roomId)
          this.deliverFrame(listeners, { frame, json })
        },
        this.onError,
      )
      channel = {
        listeners,
        ready: this.subHealth.run(() => this.sub.subscribe(name)),
        feed,
        roomId,
      }
      this.channels.set(name, channel)
    }
    // Wrapped so that one function subscribed twice gets two independent subscriptions.
    const entry: RoomListener = (event) => listener(event)
    channel.listeners.add(entry)
    const unsubscribe = async (): Promise<void> => {
      channel.listeners.delete(entry)
      if (channel.listeners.size > 0 || this.channels.get(name) !== channel) return
      this.channels.delete(name)
      // Commands on one connection run in order, so a SUBSCRIBE sent after this one wins.
      await this.sub.unsubscribe(name)
    }
    try {
      await channel.ready
    } catch (error) {
      await unsubscribe().catch(() => {})
      throw error
    }
    return unsubscribe
  }

  onReap(listener: ReapListener): void {
    this.reapListeners.push(listener)
  }

  onHistoryReset(listener: (roomId: string) => void): void {
    this.resetListeners.push(listener)
  }

  /**
   * After a reconnect: a room lost writes (a failover, or a restart from an older file) when
   * its counter is behind the newest frame this process handed out (live or in a history
   * read), or when that id now holds another frame (new writes took the lost ids again). It
   * gets a new epoch, its feed goes on from the counter, and the members here are told
   * (`onHistoryReset`).
   */
  private async checkEpochs(): Promise<void> {
    for (const [name, channel] of this.channels) {
      const handedOut = channel.feed.handedOut
      if (!handedOut) continue
      const roomId = channel.roomId
      const seq = (await this.health.run(() =>
        checkEpochScript.run(
          this.redis,
          [this.keys.room(roomId), this.keys.seq(roomId), this.keys.messages(roomId)],
          [handedOut.id, sha1(handedOut.json), newEpoch()],
        ),
      )) as number
      if (seq < 0 || this.channels.get(name) !== channel) continue
      channel.feed.resetTo(seq)
      callEach(this.resetListeners, [roomId], this.onError)
    }
  }

  onAvailability(listener: AvailabilityListener): void {
    this.availabilityListeners.push(listener)
  }

  async ping(): Promise<void> {
    // Ready means events flow too: the subscriber connection must be up as well.
    await this.subHealth.run(async () => undefined)
    await this.health.run(() => this.redis.ping())
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown()
    return this.closing
  }

  private async shutdown(): Promise<void> {
    this.batcher.flushAll()
    // Bounded, so that a process whose Redis is gone can still exit; its members are
    // then reaped by the other processes.
    try {
      await withTimeout(this.liveness.stop(), CLOSE_TIMEOUT_MS, 'releasing members')
    } catch (error) {
      // Even in an outage: these members stay until another process reaps them.
      this.reportAlways(error)
    }
    this.channels.clear()
    this.health.close()
    this.subHealth.close()
    await Promise.allSettled([this.redis, this.sub.client].map((client) => disconnect(client)))
  }

  /** One pub/sub message: one frame, or a batch of frames joined by newlines. */
  private deliver(channelName: string, message: string): void {
    this.channels.get(channelName)?.feed.push(message)
  }

  /**
   * Subscriptions were re-established: every room reads what it missed meanwhile. One round
   * at a time (a failover re-establishes them many times while the cluster recovers), and
   * one error reported per round, not one per room.
   */
  private catchUp(): void {
    // Before reading what was missed: a room that lost writes starts over from its counter.
    void this.checkEpochs()
      .catch((error: unknown) => this.onError(error))
      .then(() => this.catchUpFeeds())
  }

  private catchUpFeeds(): void {
    if (this.catchingUp) {
      this.catchUpAgain = true
      return
    }
    const feeds = [...this.channels.values()].map((channel) => channel.feed)
    if (feeds.length === 0) return
    let failure: unknown
    const noteFailure = (error: unknown): void => {
      failure ??= error
    }
    this.catchingUp = Promise.all(feeds.map((feed) => feed.catchUp(noteFailure))).then(() => {
      this.catchingUp = undefined
      if (failure !== undefined) this.onError(failure)
      if (this.catchUpAgain) {
        this.catchUpAgain = false
        this.catchUpFeeds()
      }
    })
  }

  private deliverFrame(listeners: Set<RoomListener>, event: RoomEvent): void {
    callEach(listeners, [event], this.onError)
  }

  private hold(roomId: string, key: string, stored: string): void {
    let room = this.held.get(roomId)
    if (!room) {
      room = new Map()
      this.held.set(roomId, room)
    }
    room.set(key, stored)
  }

  /** Another process took this one for dead and removed its members: put them back. */
  private async reRegister(): Promise<void> {
    for (const [roomId, members] of this.held) {
      for (const [key, stored] of members) {
        const [, [status, , expiresAt]] = (await Promise.all([
          this.health.run(() =>
            registerRoomScript.run(
              this.redis,
              [this.keys.nodeRooms(this.nodeId), this.keys.nodes()],
              [roomId, this.nodeId, '0'],
            ),
          ),
          this.health.run(() =>
            addMemberScript.run(
              this.redis,
              [
                this.keys.room(roomId),
                this.keys.members(roomId),
                this.keys.bans(roomId),
                this.keys.admitted(roomId),
              ],
              // Already counted in the room: re-adding never makes it full, nor is it new
              // to a locked room (the host flag admits it; a ban still refuses it).
              [this.keys.channel(roomId), key, stored, Number.MAX_SAFE_INTEGER, '', '', '1'],
            ),
          ),
        ])) as [unknown, [string, string?, string?]]
        if (status === 'ok') {
          await this.health.run(() =>
            registerRoomScript.run(
              this.redis,
              [this.keys.nodeRooms(this.nodeId), this.keys.nodes()],
              [roomId, this.nodeId, expiresAt!],
            ),
          )
        } else if (status !== 'name_taken' || !(await this.holdsName(roomId, key, stored))) {
          members.delete(key)
          this.onError(new Error(`store: a member could not be re-added after a reap (${status})`))
        }
      }
    }
  }

  /** Whether the stored member under `key` is this process's own (re-added already). */
  private async holdsName(roomId: string, key: string, stored: string): Promise<boolean> {
    const raw = await this.health.run(() => this.redis.hget(this.keys.members(roomId), key))
    if (!raw) return false
    const { connId } = JSON.parse(raw) as { connId: string }
    return connId === (JSON.parse(stored) as { connId: string }).connId
  }

  /** Removals refused during the outage, now that Redis is back; their rooms are told. */
  private async sendPendingRemovals(): Promise<void> {
    for (const [id, { roomId, key, connId }] of this.pendingRemovals) {
      if (!this.available) return
      this.pendingRemovals.delete(id)
      try {
        const raw = await this.health.run(() => this.redis.hget(this.keys.members(roomId), key))
        if (!raw || (JSON.parse(raw) as { connId: string }).connId !== connId) continue
        const member = JSON.parse(raw) as Member
        if ((await this.removeStored(roomId, key, connId)) === 1) {
          this.reaped(roomId, [{ name: member.name, avatar: member.avatar }])
        }
      } catch (error) {
        if (error instanceof StoreUnavailable) this.pendingRemovals.set(id, { roomId, key, connId })
        else this.onError(error)
      }
    }
  }

  /** Both connections' states as one: reported when it changes. */
  private availabilityChanged(error: unknown): void {
    const available = this.available
    if (available && this.pendingRemovals.size > 0) void this.sendPendingRemovals()
    if (this.reportedAvailable === available) return
    if (this.reportedAvailable === undefined && !available) return
    this.reportedAvailable = available
    callEach(this.availabilityListeners, [available, error], this.onError)
  }

  /** A destroyed room's id leaves this node's room set too (a set of the registry's slot). */
  private async forgetRoom(roomId: string): Promise<void> {
    try {
      await this.redis.srem(this.keys.nodeRooms(this.nodeId), roomId)
    } catch (error) {
      this.onError(error)
    }
  }

  private reaped(roomId: string, members: Member[]): void {
    callEach(this.reapListeners, [roomId, members], this.onError)
  }
}

/** QUIT when connected (pending replies still arrive), then drop the socket for sure. */
async function disconnect(client: RedisClient): Promise<void> {
  try {
    if (client.status === 'ready') await withTimeout(client.quit(), CLOSE_TIMEOUT_MS, 'QUIT')
  } finally {
    client.disconnect()
  }
}

function redisTarget(options: RedisStoreOptions): RedisTarget {
  if (options.url && !options.clusterNodes) return { url: options.url }
  if (options.clusterNodes?.length && !options.url) return { clusterNodes: options.clusterNodes }
  throw new Error('RedisStore: give either url or clusterNodes')
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis store: ${what} timed out`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function usersContent(json: string): Member[] {
  return (JSON.parse(json) as { content: Member[] }).content
}

/** What `checkEpochScript` compares with the stored frame (Redis's `sha1hex` of the same bytes). */
function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex')
}
