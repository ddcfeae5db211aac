/**
 * The rooms this process serves: makes a connection's member, opens a room (one store
 * subscription) while it has members here and closes it when the last one goes, closes
 * members when their room expires (a timer at the deadline, and a sweep every cleanup
 * interval in case a timer was missed), and runs departures after the reconnect grace.
 */
import { CLOSE_CODES, type ClientJoin } from '../../../protocol/index.js'
import type { Store } from '../store/store.js'
import { NotJoined, StoreUnavailable } from './errors.js'
import { notice } from './frames.js'
import { JoinPacer } from './join-pacer.js'
import { join, type JoinContext } from './join.js'
import type { RoomLimits } from './limits.js'
import { Member } from './member.js'
import type { RoomObserver } from './observer.js'
import type { Logger, Peer } from './peer.js'
import { Room } from './room.js'
import type { RoomAccess } from './room-access.js'

/**
 * Joins run at once, at most. A join is a few store round trips; 32 keep a store busy while
 * chat frames still get their turn between them.
 */
export const JOINS_AT_ONCE = 32

export interface HubOptions {
  limits: RoomLimits
  cleanupIntervalSeconds: number
  /** How long a member with a resume token keeps its name after a drop (default 0: none). */
  reconnectGraceSeconds?: number
  /** Counts for metrics (default: none). */
  observer?: RoomObserver
  /** Checks a password room's joins (default: none, so a password room admits nobody). */
  access?: RoomAccess
}

export class RoomHub {
  private readonly rooms = new Map<string, Room>()
  /** The room each member was put in (it stays its room after it is ended). */
  private readonly roomOfMember = new WeakMap<Member, Room>()
  private readonly context: JoinContext
  private sweepTimer: NodeJS.Timeout | undefined
  /** Departures waiting for the reconnect grace to pass, each with its timer. */
  /** Joins in progress at once, at most; a reconnect storm waits its turn. */
  private readonly pacer = new JoinPacer(JOINS_AT_ONCE)
  /** Departures waiting for the reconnect grace, and the room of each. */
  private readonly departures = new Map<
    () => Promise<void>,
    { timer: NodeJS.Timeout; roomId: string }
  >()

  constructor(
    private readonly store: Store,
    private readonly options: HubOptions,
    private readonly log: Logger,
  ) {
    this.context = {
      store,
      limits: options.limits,
      attach: (member) => this.attach(member),
      reconnectGraceMs: (options.reconnectGraceSeconds ?? 0) * 1000,
      afterGrace: (roomId, task) => this.afterGrace(roomId, task),
      onEnded: (roomId) => this.forgetDepartures(roomId),
      ...(options.observer && { observer: options.observer }),
      onError: (err) => {
        // An outage is logged once by the store; the next join deletes what is overdue.
        if (!(err instanceof StoreUnavailable))
          this.log.warn({ err }, 'could not delete a vanished message')
      },
      ...(options.access && { access: options.access }),
    }
    // Members of a process that died: tell their rooms they left (Redis store only).
    store.onHistoryReset((roomId) => this.historyReset(roomId))
    store.onReap((roomId, members) => {
      for (const m of members) {
        store.append(roomId, notice(m.name, 'leave')).catch((err: unknown) => {
          if (err instanceof StoreUnavailable) return
          this.log.warn({ err, roomId }, 'could not post leave notice for a reaped member')
        })
      }
    })
  }

  start(): void {
    this.sweepTimer = setInterval(
      () => void this.sweep(),
      this.options.cleanupIntervalSeconds * 1000,
    )
    this.sweepTimer.unref()
  }

  /** How many rooms this process serves, and their members here (for metrics). */
  stats(): { rooms: number; members: number } {
    let members = 0
    for (const room of this.rooms.values()) members += room.members.size
    return { rooms: this.rooms.size, members }
  }

  /** A new connection's member of `roomId`, not yet joined; `address`: its client's. */
  member(roomId: string, peer: Peer, address = ''): Member {
    const member = new Member(roomId, peer, this.options.limits, (m) => this.detach(m))
    member.address = address
    return member
  }

  /** Joins `member`, in its turn (`join-pacer.ts`). */
  join(member: Member, input: ClientJoin): Promise<void> {
    return this.pacer.run(() => join(member, input, this.context))
  }

  /** The room the member was put in here, or undefined before its join got that far. */
  roomOf(member: Member): Room | undefined {
    return this.roomOfMember.get(member)
  }

  /** The room of a joined member: every frame but `join` needs one (`NotJoined` otherwise). */
  joinedRoom(member: Member): Room {
    const room = member.joined ? this.roomOfMember.get(member) : undefined
    if (!room) throw new NotJoined()
    return room
  }

  /** The member's connection went away (see `Room.leave`). */
  async leave(member: Member, now = false): Promise<void> {
    const room = this.roomOf(member)
    if (room) return room.leave(member, now)
    member.holdsName = false
    member.close()
  }

  /**
   * Ends every member with `code` (they are told to reconnect) and gives their names back.
   * On a store that outlives the process (Redis), members holding a resume token keep their
   * names instead, as do those already waiting for their grace: they come back quietly
   * through another process or this one restarted, and whoever does not is reaped, with a
   * leave notice, once this process is found gone (see `store/redis/nodes.ts`).
   */
  async shutdown(code: number, reason: string): Promise<void> {
    clearInterval(this.sweepTimer)
    const hold = this.store.outlivesProcess
    const rooms = [...this.rooms.values()]
    const leaving = rooms.flatMap((room) =>
      [...room.members].filter((m) => !(hold && m.resumable)).map((m) => ({ room, m })),
    )
    for (const room of rooms) room.endAll(code, reason)
    // Otherwise nobody would finish a departure after this process: members waiting for
    // their grace leave now, with their notices.
    const waiting = hold ? [] : [...this.departures.keys()]
    for (const { timer } of this.departures.values()) clearTimeout(timer)
    this.departures.clear()
    await Promise.allSettled([
      ...leaving.map(({ room, m }) => room.leave(m, true)),
      ...waiting.map((t) => t()),
    ])
    await Promise.allSettled(rooms.map((room) => room.close()))
    this.rooms.clear()
  }

  /** Checks every room now (the store is back from an outage and may have lost rooms). */
  recheckRooms(): void {
    void this.sweep()
  }

  private afterGrace(roomId: string, task: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.departures.delete(task)
      task().catch((err: unknown) => this.log.warn({ err }, 'leave after the grace failed'))
    }, this.context.reconnectGraceMs)
    timer.unref()
    this.departures.set(task, { timer, roomId })
  }

  /** A room ended: its members' departures are moot, and must not keep them in memory. */
  private forgetDepartures(roomId: string): void {
    for (const [task, waiting] of this.departures) {
      if (waiting.roomId !== roomId) continue
      clearTimeout(waiting.timer)
      this.departures.delete(task)
    }
  }

  private async attach(member: Member): Promise<Room> {
    let room = this.rooms.get(member.roomId)
    if (!room) {
      const created = new Room(member.roomId, this.context)
      // Failures surface to every member awaiting `ready` below.
      created.open(() => void this.checkExpiry(created)).catch(() => undefined)
      this.rooms.set(created.id, created)
      room = created
    }
    room.members.add(member)
    this.roomOfMember.set(member, room)
    try {
      await room.ready
    } catch (err) {
      this.detach(member)
      throw err
    }
    return room
  }

  private detach(member: Member): void {
    const room = this.rooms.get(member.roomId)
    if (!room || !room.members.delete(member) || room.members.size > 0) return
    this.rooms.delete(room.id)
    room
      .close()
      .catch((err: unknown) => this.log.warn({ err, roomId: room.id }, 'unsubscribe failed'))
  }

  /** Members here hold ids of a history that was reset: they rejoin and reload it. */
  private historyReset(roomId: string): void {
    const room = this.rooms.get(roomId)
    if (!room) return
    this.log.warn({ roomId, members: room.members.size }, 'room history reset: members rejoin')
    room.endAll(CLOSE_CODES.RESTARTING, 'Room history reset: rejoin')
  }

  private async sweep(): Promise<void> {
    await Promise.allSettled([...this.rooms.values()].map((room) => this.checkExpiry(room)))
  }

  private async checkExpiry(room: Room): Promise<void> {
    try {
      const record = await this.store.getRoom(room.id)
      if (record && record.expiresAt > Date.now()) {
        room.scheduleExpiry(record.expiresAt, () => void this.checkExpiry(room))
        return
      }
    } catch (err) {
      // An outage is logged once by the store; anything else here is news.
      if (!(err instanceof StoreUnavailable)) {
        this.log.warn({ err, roomId: room.id }, 'expiry check failed; will retry at the next sweep')
      }
      return
    }
    this.log.info({ roomId: room.id, members: room.members.size }, 'room expired')
    room.end()
    room.endAll(CLOSE_CODES.ROOM_EXPIRED, 'Room expired')
    if (this.rooms.get(room.id) === room) this.rooms.delete(room.id)
    await room.close()
  }
}
