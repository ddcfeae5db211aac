/**
 * One room as this process serves it, and the one owner of what happens in it here: its
 * members connected here, what they send (chat, typing, host powers), their leaving, and
 * the fan-out of the room's events to them. Admission is the store's (one atomic step,
 * decided by `admission.ts`); joining is `join.ts`; the rooms of the process are
 * `room-hub.ts`'s.
 */
import {
  CLOSE_CODES,
  TYPING_SENDER,
  type ClientChat,
  type ClientRename,
  type ClientUpload,
  type ClientEdit,
  type ClientReact,
  type StoredFrame,
  type Member as ListedMember,
  type RenamedFrame,
} from '../../../protocol/index.js'
import type { RoomEvent, Store } from '../store/store.js'
import { chatMessage } from './chat-message.js'
import { requestUpload } from '../files/uploads.js'
import { deleteMessage, editMessage, react } from './message-actions.js'
import { vanishSeconds, VanishTimers } from './vanishing.js'
import { handleInvitationFrame, type InvitationFrameIn } from './invitations.js'
import {
  MemberNotFound,
  NameTaken,
  NotHost,
  NotJoined,
  RateLimited,
  RoomExpired,
  RoomNotFound,
} from './errors.js'
import { notice, removalNotice, renameNotice } from './frames.js'
import type { RoomLimits } from './limits.js'
import type { Member } from './member.js'
import { MemberListThrottle } from './member-list-throttle.js'
import { nameKey } from './name-key.js'
import { checkAvatar, checkName } from './names.js'
import type { RoomObserver } from './observer.js'
import { outgoing } from './peer.js'

/** What a room needs of the process: the store, the limits, and the reconnect grace. */
export interface RoomContext {
  store: Store
  limits: RoomLimits
  /**
   * How long a member holding a resume token keeps its name after a drop, in ms (0: no
   * quiet reconnects, and no tokens).
   */
  reconnectGraceMs: number
  /**
   * Runs `task` once the reconnect grace has passed (at once when the process shuts down), or
   * never if the room `roomId` ends first.
   */
  afterGrace(roomId: string, task: () => Promise<void>): void
  /** The room ended (expired, or its host ended it): whatever waits on it here is dropped. */
  onEnded?(roomId: string): void
  /** Counts for metrics (default: none). */
  observer?: RoomObserver
  /** Where a failure in the background (a vanishing message's deletion) is told. */
  onError?: (error: unknown) => void
}

export class Room {
  /** The members connected to this process. */
  readonly members = new Set<Member>()
  /** The latest member list seen on the room's event stream, by lowercased name. */
  private listed = new Map<string, ListedMember>()
  private readonly lists = new MemberListThrottle((event) => this.sendAll(event))
  private opened: Promise<void> = Promise.resolve()
  private unsubscribe: (() => Promise<void>) | undefined
  private expiryTimer: NodeJS.Timeout | undefined
  /** The room expired or its host ended it: its members here are on their way out. */
  private ended = false
  /** The host's default message timer, as the room's events last said it. */
  private vanishDefault = 0
  /** The vanishing messages' timers (`vanishing.ts`). */
  private readonly vanishing: VanishTimers

  constructor(
    readonly id: string,
    private readonly ctx: RoomContext,
  ) {
    // A deletion that failed is tried again by the next join's look at the history.
    this.vanishing = new VanishTimers(id, ctx.store, ctx.onError ?? (() => undefined))
  }

  /** Resolves once the room is known to exist and its events are flowing (see `open`). */
  get ready(): Promise<void> {
    return this.opened
  }

  /**
   * Checks that the room is live, subscribes to its events and arms the expiry timer;
   * `RoomNotFound` when the room is unknown or expired. Called once, by whoever created it.
   */
  open(onExpiry: () => void): Promise<void> {
    const { store } = this.ctx
    this.opened = (async () => {
      const record = await store.getRoom(this.id)
      if (!record || record.expiresAt <= Date.now()) throw new RoomNotFound()
      this.vanishDefault = record.vanishSeconds ?? 0
      this.unsubscribe = await store.subscribe(this.id, (event) => this.dispatch(event))
      this.scheduleExpiry(record.expiresAt, onExpiry)
    })()
    return this.opened
  }

  // ---- What members do ----

  async chat(member: Member, input: ClientChat): Promise<void> {
    requireJoined(member)
    if (!member.bucket.take()) throw new RateLimited()
    const { store, limits } = this.ctx
    const from = {
      roomId: this.id,
      name: member.name,
      avatar: member.avatar,
      encrypted: member.encrypted,
      memberName: (name: string) => this.memberName(name),
    }
    const message = await chatMessage(input, from, store, limits)
    const vanish = vanishSeconds(input.vanish_seconds, this.vanishDefault)
    if (vanish > 0) message.expires_at = new Date(Date.now() + vanish * 1000).toISOString()
    const started = performance.now()
    const stored = await store.append(this.id, message)
    this.ctx.observer?.stored((performance.now() - started) / 1000)
    if (!stored) throw new RoomExpired()
  }

  /** A member asks to upload a file: `upload_ready` names the blob (`files/uploads.ts`). */
  async upload(member: Member, input: ClientUpload): Promise<void> {
    requireJoined(member)
    const ready = await requestUpload(member, input, this.ctx.store, this.ctx.limits)
    member.peer.send(outgoing(ready))
  }

  /** Deletes a message for everyone: the author's own, or any (the host). */
  async delete(member: Member, id: number): Promise<void> {
    requireJoined(member)
    await deleteMessage(this.ctx.store, member, id)
    this.vanishing.forget(id)
  }

  /** The author replaces a message's text. */
  async edit(member: Member, input: ClientEdit): Promise<void> {
    requireJoined(member)
    if (!member.bucket.take()) throw new RateLimited()
    await editMessage(this.ctx.store, member, input, this.ctx.limits)
  }

  /** A reaction given or taken back; reactions share the member's message rate. */
  async react(member: Member, input: ClientReact): Promise<void> {
    requireJoined(member)
    if (!member.bucket.take()) throw new RateLimited()
    await react(this.ctx.store, member, input)
  }

  /** Host power: the room's default message timer. */
  async setVanish(member: Member, seconds: number): Promise<void> {
    requireHost(member)
    const checked = vanishSeconds(seconds, 0)
    if (!(await this.ctx.store.setVanishSeconds(this.id, checked))) throw new RoomExpired()
  }

  /** What of `history` a joining member may be given: vanished messages left out. */
  sift(history: StoredFrame[]): StoredFrame[] {
    return this.vanishing.sift(history)
  }

  async typing(member: Member): Promise<void> {
    requireJoined(member)
    const now = Date.now()
    if (now - member.lastTypingAt < this.ctx.limits.typingThrottleMs) return
    member.lastTypingAt = now
    await this.ctx.store.publish(this.id, {
      type: 'typing',
      sender: TYPING_SENDER,
      content: member.name,
    })
  }

  /**
   * The member takes another name or avatar without leaving: one notice for the others
   * ("Ben is now Benjamin"), and `renamed` for the member. Refused like a join's name.
   */
  async rename(member: Member, input: ClientRename): Promise<void> {
    requireJoined(member)
    const { name, key } = checkName(input.sender, this.ctx.limits.nameMaxChars)
    const avatar = checkAvatar(input.avatar)
    const from = member.name
    if (name !== from || avatar !== member.avatar) {
      const done = await this.ctx.store.renameMember(this.id, member.key, member.connId, {
        name,
        key,
        avatar,
      })
      if (!done.ok) {
        if (done.reason === 'room_not_found') throw new RoomExpired()
        if (done.reason === 'not_member') throw new NotJoined()
        throw new NameTaken(name)
      }
      member.name = name
      member.key = key
      member.avatar = avatar
    }
    member.peer.send(outgoing({ type: 'renamed', name, avatar } satisfies RenamedFrame))
    // A new avatar alone shows in the member list; a new name is said once.
    if (name !== from) await this.ctx.store.append(this.id, renameNotice(from, name))
  }

  /** Host power: refuse (or again accept) new members. */
  async setLocked(member: Member, locked: boolean): Promise<void> {
    requireHost(member)
    if (!(await this.ctx.store.setLocked(this.id, locked))) throw new RoomExpired()
  }

  /** Host power: close a member and keep their browser and name out until the room ends. */
  async remove(member: Member, name: string): Promise<void> {
    requireHost(member)
    const key = nameKey(name)
    if (key === member.key) throw new MemberNotFound()
    const removed = await this.ctx.store.expelMember(this.id, key)
    if (removed === null) throw new MemberNotFound()
    await this.ctx.store.append(this.id, removalNotice(removed))
  }

  /** Host power: invitations and the invitation-only switch (`invitations.ts`). */
  access(member: Member, frame: InvitationFrameIn): Promise<void> {
    return handleInvitationFrame(member, frame, this.ctx.store)
  }

  /** Host power: end the room now. Every member, this one included, gets `room_closed`. */
  async destroy(member: Member): Promise<void> {
    requireHost(member)
    await this.ctx.store.destroyRoom(this.id)
  }

  /**
   * The member's connection went away: give the name back and tell the room. A member
   * holding a resume token keeps the name for the grace time first, and if it came back
   * meanwhile (the name is then held by its new connection) nothing is removed or
   * announced. `now`: no grace (the process is shutting down). Idempotent.
   */
  async leave(member: Member, now = false): Promise<void> {
    const held = member.holdsName
    member.holdsName = false
    member.close()
    // An ended room has forgotten its members: nothing to give back, nobody to tell.
    if (!held || this.ended) return
    if (member.resumable && !now) {
      this.ctx.afterGrace(this.id, () => this.depart(member))
      return
    }
    await this.depart(member)
  }

  /** Gives the name back after the grace, and announces it unless it was taken back. */
  async depart(member: Member): Promise<void> {
    if (await this.ctx.store.removeMember(this.id, member.key, member.connId)) {
      await this.ctx.store.append(this.id, notice(member.name, 'leave'))
    }
  }

  // ---- Fan-out: the room's events to its members here ----

  /** One event of the room's stream, serialized once, for every member here. */
  dispatch(event: RoomEvent): void {
    const frame = event.frame
    if (frame.type === 'message') this.vanishing.watch(frame)
    else if (frame.type === 'deleted') this.vanishing.forget(frame.message_id)
    else if (frame.type === 'room_state' && frame.vanish_seconds !== undefined) {
      this.vanishDefault = frame.vanish_seconds
    }
    if (event.frame.type === 'users') {
      this.listed = new Map(event.frame.content.map((m) => [m.name.toLowerCase(), m]))
      this.lists.push(event, this.members.size)
      return
    }
    this.sendAll(event)
  }

  private sendAll(event: RoomEvent): void {
    for (const member of this.members) this.send(member, event)
  }

  /** An event for one member: held while it joins, deduplicated by id, typing not echoed. */
  send(member: Member, event: RoomEvent): void {
    if (member.state === 'joining') {
      member.pending.push(event)
      return
    }
    if (member.state !== 'joined') return
    const frame = event.frame
    if (frame.type === 'message' || frame.type === 'system') {
      if (frame.id <= member.lastId) return
      member.lastId = frame.id
    } else if (frame.type === 'typing' && frame.content === member.name) {
      return
    } else if (frame.type === 'invitations' && !member.host) {
      // The open invitations and their labels are the host's alone.
      return
    } else if (frame.type === 'room_closed') {
      if (!this.ended) this.end()
      member.peer.send(event)
      member.holdsName = false
      member.end(CLOSE_CODES.CLOSED_BY_HOST, 'Closed by its host')
      return
    } else if (frame.type === 'member_removed' && frame.name === member.name) {
      // The store has already taken the name back.
      member.holdsName = false
      member.end(CLOSE_CODES.REMOVED, 'Removed by the host')
      return
    }
    member.peer.send(event)
    this.ctx.observer?.delivered()
  }

  /** A present member's name as spelt in the member list, or undefined. */
  memberName(name: string): string | undefined {
    return this.listed.get(name.toLowerCase())?.name
  }

  // ---- Its life here ----

  scheduleExpiry(expiresAt: number, onExpiry: () => void): void {
    clearTimeout(this.expiryTimer)
    // A little after the deadline, so the store has surely forgotten the room.
    const delay = Math.max(0, expiresAt - Date.now()) + 50
    this.expiryTimer = setTimeout(onExpiry, delay)
    this.expiryTimer.unref()
  }

  /** The room is over (expired, or ended by its host): its members here go, and nothing waits. */
  end(): void {
    this.ended = true
    this.vanishing.clear()
    this.ctx.onEnded?.(this.id)
  }

  /** Ends every member here with `code`. */
  endAll(code: number, reason: string): void {
    for (const member of [...this.members]) member.end(code, reason)
  }

  /** Stops the timers and the subscription. Safe to call more than once. */
  async close(): Promise<void> {
    clearTimeout(this.expiryTimer)
    this.vanishing.clear()
    this.lists.stop()
    await this.opened.catch(() => undefined)
    const unsubscribe = this.unsubscribe
    this.unsubscribe = undefined
    await unsubscribe?.()
  }
}

function requireJoined(member: Member): void {
  if (member.state !== 'joined') throw new NotJoined()
}

function requireHost(member: Member): void {
  requireJoined(member)
  if (!member.host) throw new NotHost()
}
