/**
 * The rooms this process serves: creates sessions, keeps one store subscription per
 * room with local members, and closes members when their room expires (a timer at the
 * deadline, and a sweep every cleanup interval in case a timer was missed).
 */
import { CLOSE_CODES } from '../../../protocol/index.js'
import type { Store } from '../store/store.js'
import { StoreUnavailable } from './errors.js'
import type { RoomLimits } from './limits.js'
import { LocalRoom } from './local-room.js'
import { MemberSession, type SessionContext } from './member-session.js'
import { notice } from './frames.js'
import type { Logger, Peer } from './peer.js'

export interface HubOptions {
  limits: RoomLimits
  cleanupIntervalSeconds: number
  /** How long a member with a resume token keeps its name after a drop (default 0: none). */
  reconnectGraceSeconds?: number
}

export class RoomHub {
  private readonly rooms = new Map<string, LocalRoom<MemberSession>>()
  private readonly context: SessionContext
  private sweepTimer: NodeJS.Timeout | undefined
  /** Departures waiting for the reconnect grace to pass, each with its timer. */
  private readonly departures = new Map<() => Promise<void>, NodeJS.Timeout>()

  constructor(
    private readonly store: Store,
    private readonly options: HubOptions,
    private readonly log: Logger,
  ) {
    this.context = {
      store,
      limits: options.limits,
      attach: (session) => this.attach(session),
      detach: (session) => this.detach(session),
      reconnectGraceMs: (options.reconnectGraceSeconds ?? 0) * 1000,
      afterGrace: (task) => this.afterGrace(task),
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

  /** Members here hold ids of a history that was reset: they rejoin and reload it. */
  private historyReset(roomId: string): void {
    const room = this.rooms.get(roomId)
    if (!room) return
    this.log.warn({ roomId, members: room.sessions.size }, 'room history reset: members rejoin')
    for (const session of [...room.sessions]) {
      session.end(CLOSE_CODES.RESTARTING, 'Room history reset: rejoin')
    }
  }

  start(): void {
    this.sweepTimer = setInterval(
      () => void this.sweep(),
      this.options.cleanupIntervalSeconds * 1000,
    )
    this.sweepTimer.unref()
  }

  session(roomId: string, peer: Peer): MemberSession {
    return new MemberSession(roomId, peer, this.context)
  }

  /** Ends every session with `code` (members are told to reconnect) and gives their names back. */
  async shutdown(code: number, reason: string): Promise<void> {
    clearInterval(this.sweepTimer)
    const sessions = [...this.rooms.values()].flatMap((room) => [...room.sessions])
    for (const session of sessions) session.end(code, reason)
    // Nobody would finish a departure after this process: members waiting for their grace
    // leave now, with their notices.
    const waiting = [...this.departures.keys()]
    for (const timer of this.departures.values()) clearTimeout(timer)
    this.departures.clear()
    await Promise.allSettled([...sessions.map((s) => s.leave(true)), ...waiting.map((t) => t())])
    await Promise.allSettled([...this.rooms.values()].map((room) => room.close()))
    this.rooms.clear()
  }

  private afterGrace(task: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.departures.delete(task)
      task().catch((err: unknown) => this.log.warn({ err }, 'leave after the grace failed'))
    }, this.context.reconnectGraceMs)
    timer.unref()
    this.departures.set(task, timer)
  }

  private async attach(session: MemberSession): Promise<LocalRoom<MemberSession>> {
    let room = this.rooms.get(session.roomId)
    if (!room) {
      const created = new LocalRoom<MemberSession>(session.roomId)
      // Failures surface to every session awaiting `ready` below.
      created.open(this.store, () => void this.checkExpiry(created)).catch(() => undefined)
      this.rooms.set(created.id, created)
      room = created
    }
    room.sessions.add(session)
    try {
      await room.ready
    } catch (err) {
      this.detach(session)
      throw err
    }
    return room
  }

  private detach(session: MemberSession): void {
    const room = this.rooms.get(session.roomId)
    if (!room || !room.sessions.delete(session) || room.sessions.size > 0) return
    this.rooms.delete(room.id)
    room
      .close()
      .catch((err: unknown) => this.log.warn({ err, roomId: room.id }, 'unsubscribe failed'))
  }

  /** Checks every room now (the store is back from an outage and may have lost rooms). */
  recheckRooms(): void {
    void this.sweep()
  }

  private async sweep(): Promise<void> {
    await Promise.allSettled([...this.rooms.values()].map((room) => this.checkExpiry(room)))
  }

  private async checkExpiry(room: LocalRoom<MemberSession>): Promise<void> {
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
    this.log.info({ roomId: room.id, members: room.sessions.size }, 'room expired')
    for (const session of [...room.sessions]) session.end(CLOSE_CODES.ROOM_EXPIRED, 'Room expired')
    if (this.rooms.get(room.id) === room) this.rooms.delete(room.id)
    await room.close()
  }
}
