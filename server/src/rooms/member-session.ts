/**
 * One connection's life in a room: join (with history), chat, typing, leave.
 * Frames are handled one at a time per session (the transport awaits each call),
 * so a session's own state needs no locking.
 */
import { randomUUID } from 'node:crypto'
import {
  CLOSE_CODES,
  TYPING_SENDER,
  type ClientChat,
  type ClientJoin,
  type HistoryFrame,
} from '../../../protocol/index.js'
import type { RoomEvent } from '../store/store.js'
import { chatMessage } from './chat-message.js'
import {
  AlreadyJoined,
  MemberNotFound,
  NotHost,
  NotJoined,
  RateLimited,
  RoomExpired,
  RoomNotFound,
  refusedJoin,
} from './errors.js'
import { tokenHash, tokenMatches } from './creator-token.js'
import { joinedFrame, notice, removalNotice } from './frames.js'
import { nameKey } from './name-key.js'
import type { LocalRoom } from './local-room.js'
import { checkAvatar, checkName } from './names.js'
import { outgoing, type Peer } from './peer.js'
import type { SessionContext as Context } from './session-context.js'
import { hashResumeToken, newResumeToken } from './resume-token.js'
import { toRoomInfo } from './room-service.js'
import { TokenBucket } from './token-bucket.js'

type State = 'connected' | 'joining' | 'joined' | 'closed'

/** What a member session needs from its surroundings (the room hub gives it). */
export type SessionContext = Context<MemberSession>

export class MemberSession {
  readonly connId = randomUUID()
  name = ''
  /** The name's identity in the room (see `name-key.ts`). */
  private key = ''
  avatar = ''
  private state: State = 'connected'
  /** True while this session holds its name in the store's member list. */
  private member = false
  /** Highest message id delivered: live events at or below it are duplicates. */
  private lastId = 0
  /** Events that arrive while the history is being read, delivered right after it. */
  private pending: RoomEvent[] = []
  private room: Pick<LocalRoom, 'memberName'> | undefined
  private readonly bucket: TokenBucket
  private lastTypingAt = 0
  /** Set at join from the room record: chat content must then be an envelope. */
  private encrypted = false
  /** True when this member got a resume token: a drop then waits for the grace time. */
  private resumable = false
  /** Proved the room's creator token at join: may lock, remove and destroy. */
  private host = false
  /** The transport saw the connection close (see `connectionLost`). */
  private lost = false

  constructor(
    readonly roomId: string,
    private readonly peer: Peer,
    private readonly ctx: SessionContext,
  ) {
    this.bucket = new TokenBucket(ctx.limits.messagesPerSecond, ctx.limits.messageBurst)
  }

  get joined(): boolean {
    return this.state === 'joined'
  }

  async join(input: ClientJoin): Promise<void> {
    if (this.state !== 'connected') throw new AlreadyJoined()
    const { store, limits } = this.ctx
    const { name, key } = checkName(input.sender, limits.nameMaxChars)
    const avatar = checkAvatar(input.avatar)
    // Quiet reconnects only for clients that ask: a seed client's drop is a leave, as ever.
    const grace = this.ctx.reconnectGraceMs > 0
    const token = grace && (input.resume || input.resume_token) ? newResumeToken() : undefined
    const presented = grace && input.resume_token ? hashResumeToken(input.resume_token) : undefined
    this.state = 'joining'
    let resumed = false
    try {
      // Subscribe before adding the member and reading history, so no event falls between.
      this.room = await this.ctx.attach(this)
      if (this.gone) return await this.abandonJoin(false)
      const room = await store.getRoom(this.roomId)
      if (this.gone) return await this.abandonJoin(false)
      if (!room) throw new RoomNotFound()
      const host = tokenMatches(this.roomId, input.creator_token, room.creatorHash)
      const browser = input.browser_token ? tokenHash(this.roomId, input.browser_token) : undefined
      this.name = name
      this.key = key
      const added = await store.addMember(
        this.roomId,
        {
          name,
          key,
          avatar,
          connId: this.connId,
          ...(token && { resumeHash: hashResumeToken(token) }),
          ...(browser && { browser }),
        },
        limits.membersPerRoom,
        presented,
        { host },
      )
      if (added.ok) this.member = true
      resumed = added.ok && added.resumed === true
      if (this.gone) return await this.abandonJoin(resumed)
      if (!added.ok) throw refusedJoin(added.reason, name, limits.membersPerRoom)
      this.resumable = token !== undefined
      this.avatar = avatar
      this.host = host
      this.encrypted = room.encrypted
      // A resume is exact only within one epoch: otherwise the ids may name other messages,
      // and the member is told so and given the history from the start. A client that sends
      // no epoch (older clients, scripts) gets the slice after `last_id` as before.
      const recovered =
        input.last_id === undefined || input.epoch === undefined
          ? undefined
          : input.epoch === room.epoch
      const lastId = recovered === false ? undefined : input.last_id
      const history = await store.history(this.roomId, lastId ?? 0, limits.historyLimit)
      this.lastId = await this.startingId(history, lastId)
      if (this.gone) return await this.abandonJoin(resumed)

      this.peer.send(
        outgoing(
          joinedFrame({ name, avatar, host }, toRoomInfo(room), limits, token, {
            epoch: room.epoch,
            recovered,
          }),
        ),
      )
      this.peer.send(outgoing({ type: 'history', messages: history } satisfies HistoryFrame))
      this.state = 'joined'
      const pending = this.pending
      this.pending = []
      for (const event of pending) this.deliver(event)
    } catch (err) {
      await this.undoJoin()
      throw err
    }
    // A member back within the grace was never announced as gone: nothing to announce.
    if (!resumed) await this.notice('join')
  }

  /**
   * The connection is gone (the transport saw it close). A join still under way stops at its
   * next step and undoes itself, so the room never sees a member that was never `joined`.
   */
  connectionLost(): void {
    this.lost = true
  }

  /** Ended (join timeout, shutdown, removal) or its connection lost while joining. */
  private get gone(): boolean {
    return this.state === 'closed' || this.lost
  }

  /**
   * A join overtaken by the end of its session: the name goes back without a notice, as if
   * the join had never been sent. A resumed member was present to the others all along, so
   * its leave is announced (after the grace, as any drop of a member with a token would be).
   */
  private async abandonJoin(resumed: boolean): Promise<void> {
    if (!resumed) return this.undoJoin()
    this.member = false
    this.close()
    this.ctx.afterGrace(() => this.depart())
  }

  async chat(input: ClientChat): Promise<void> {
    if (this.state !== 'joined') throw new NotJoined()
    if (!this.bucket.take()) throw new RateLimited()
    const { store, limits } = this.ctx
    const room = this.room
    const from = {
      roomId: this.roomId,
      name: this.name,
      avatar: this.avatar,
      encrypted: this.encrypted,
      memberName: (name: string) => room?.memberName(name),
    }
    const message = await chatMessage(input, from, store, limits)
    if (!(await store.append(this.roomId, message))) throw new RoomExpired()
  }

  async typing(): Promise<void> {
    if (this.state !== 'joined') throw new NotJoined()
    const now = Date.now()
    if (now - this.lastTypingAt < this.ctx.limits.typingThrottleMs) return
    this.lastTypingAt = now
    await this.ctx.store.publish(this.roomId, {
      type: 'typing',
      sender: TYPING_SENDER,
      content: this.name,
    })
  }

  /** Host power: refuse (or again accept) new members. */
  async setLocked(locked: boolean): Promise<void> {
    this.requireHost()
    if (!(await this.ctx.store.setLocked(this.roomId, locked))) throw new RoomExpired()
  }

  /** Host power: close a member and keep their browser and name out until the room ends. */
  async remove(name: string): Promise<void> {
    this.requireHost()
    const key = nameKey(name)
    if (key === this.key) throw new MemberNotFound()
    const removed = await this.ctx.store.expelMember(this.roomId, key)
    if (removed === null) throw new MemberNotFound()
    await this.ctx.store.append(this.roomId, removalNotice(removed))
  }

  /** Host power: end the room now. Every member, this one included, gets `room_closed`. */
  async destroy(): Promise<void> {
    this.requireHost()
    await this.ctx.store.destroyRoom(this.roomId)
  }

  private requireHost(): void {
    if (this.state !== 'joined') throw new NotJoined()
    if (!this.host) throw new NotHost()
  }

  /** A room event for this member: buffered while joining, deduplicated by id, typing not echoed. */
  deliver(event: RoomEvent): void {
    if (this.state === 'joining') {
      this.pending.push(event)
      return
    }
    if (this.state !== 'joined') return
    const frame = event.frame
    if (frame.type === 'message' || frame.type === 'system') {
      if (frame.id <= this.lastId) return
      this.lastId = frame.id
    } else if (frame.type === 'typing' && frame.content === this.name) {
      return
    } else if (frame.type === 'room_closed') {
      this.peer.send(event)
      this.member = false
      this.end(CLOSE_CODES.CLOSED_BY_HOST, 'Closed by its host')
      return
    } else if (frame.type === 'member_removed' && frame.name === this.name) {
      // The store has already taken the name back.
      this.member = false
      this.end(CLOSE_CODES.REMOVED, 'Removed by the host')
      return
    }
    this.peer.send(event)
  }

  /**
   * The connection went away: give the name back and tell the room. A member holding a
   * resume token keeps the name for the grace time first, and if it came back meanwhile
   * (the name is then held by its new connection) nothing is removed or announced.
   * `now`: no grace (the process is shutting down). Idempotent.
   */
  async leave(now = false): Promise<void> {
    const wasMember = this.member
    this.member = false
    this.close()
    if (!wasMember) return
    if (this.resumable && !now) {
      this.ctx.afterGrace(() => this.depart())
      return
    }
    await this.depart()
  }

  private async depart(): Promise<void> {
    if (await this.ctx.store.removeMember(this.roomId, this.key, this.connId)) {
      await this.notice('leave')
    }
  }

  /** The server ends the session (expiry, shutdown, protocol error). */
  end(code: number, reason: string): void {
    this.close()
    this.peer.close(code, reason)
  }

  private close(): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    this.pending = []
    this.ctx.detach(this)
  }

  private async undoJoin(): Promise<void> {
    if (this.member) {
      this.member = false
      await this.ctx.store.removeMember(this.roomId, this.key, this.connId).catch(() => false)
    }
    if (this.state === 'joining') {
      this.ctx.detach(this)
      this.state = 'connected'
      this.pending = []
    }
  }

  /** The id below which live events are duplicates of what this member already has. */
  private async startingId(
    history: { id: number }[],
    lastSeen: number | undefined,
  ): Promise<number> {
    const last = history.at(-1)
    if (last) return last.id
    if (!lastSeen) return 0
    // Nothing new since `lastSeen`: trust it only up to the room's real latest id.
    const [latest] = await this.ctx.store.history(this.roomId, 0, 1)
    return Math.min(lastSeen, latest?.id ?? 0)
  }

  private async notice(event: 'join' | 'leave'): Promise<void> {
    await this.ctx.store.append(this.roomId, notice(this.name, event))
  }
}
