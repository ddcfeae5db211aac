/**
 * One room as this process sees it: the sessions connected here, the store
 * subscription feeding them, and the timer that closes them when the room expires.
 */
import type { Member } from '../../../protocol/index.js'
import type { RoomEvent, Store } from '../store/store.js'
import { RoomNotFound } from './errors.js'

/** What the room needs of a member connected here: a place to hand the room's events. */
export interface RoomMember {
  deliver(event: RoomEvent): void
}

/**
 * A member list goes to every member on every join, so filling a room of n members
 * unthrottled costs O(n²) frames of O(n) bytes: a 5,000-member room would never fill.
 * Rooms with more than `USERS_THROTTLE_ABOVE` local members therefore get member-list
 * updates at most once per interval, always ending with the latest list. The interval
 * grows with what one update costs (members × list size), so that member lists take at
 * most `USERS_BYTES_PER_SECOND` of a room's bandwidth: about 0.4 s at 1,000 members,
 * 10 s at 5,000. Small rooms get every update at once.
 */
export const USERS_THROTTLE_ABOVE = 50
const USERS_BYTES_PER_SECOND = 128 * 1024 * 1024
const USERS_MAX_INTERVAL_MS = 15_000

export class LocalRoom<M extends RoomMember = RoomMember> {
  readonly sessions = new Set<M>()
  /** The latest member list seen on the room's event stream, by lowercased name. */
  private members = new Map<string, Member>()
  private opened: Promise<void> = Promise.resolve()
  private unsubscribe: (() => Promise<void>) | undefined
  private expiryTimer: NodeJS.Timeout | undefined
  /** The newest member list not yet delivered, while a throttled delivery is due. */
  private usersPending: RoomEvent | undefined
  private usersTimer: NodeJS.Timeout | undefined
  private usersSentAt = 0

  constructor(readonly id: string) {}

  /** Resolves once the room is known to exist and its events are flowing (see `open`). */
  get ready(): Promise<void> {
    return this.opened
  }

  /**
   * Checks that the room is live, subscribes to its events and arms the expiry timer;
   * `RoomNotFound` when the room is unknown or expired. Called once, by whoever created it.
   */
  open(store: Pick<Store, 'getRoom' | 'subscribe'>, onExpiry: () => void): Promise<void> {
    this.opened = (async () => {
      const record = await store.getRoom(this.id)
      if (!record || record.expiresAt <= Date.now()) throw new RoomNotFound()
      this.unsubscribe = await store.subscribe(this.id, (event) => this.dispatch(event))
      this.scheduleExpiry(record.expiresAt, onExpiry)
    })()
    return this.opened
  }

  dispatch(event: RoomEvent): void {
    if (event.frame.type === 'users') {
      this.members = new Map(event.frame.content.map((m) => [m.name.toLowerCase(), m]))
      this.deliverUsers(event)
      return
    }
    this.deliverAll(event)
  }

  private deliverAll(event: RoomEvent): void {
    for (const session of this.sessions) session.deliver(event)
  }

  private deliverUsers(event: RoomEvent): void {
    this.usersPending = event
    if (this.usersTimer) return
    const n = this.sessions.size
    const wait =
      n > USERS_THROTTLE_ABOVE ? this.usersSentAt + this.usersInterval(event) - Date.now() : 0
    if (wait <= 0) this.flushUsers()
    else this.usersTimer = setTimeout(() => this.flushUsers(), wait)
  }

  private usersInterval(event: RoomEvent): number {
    const bytesPerUpdate = this.sessions.size * event.json.length
    return Math.min(USERS_MAX_INTERVAL_MS, (bytesPerUpdate / USERS_BYTES_PER_SECOND) * 1000)
  }

  private flushUsers(): void {
    this.usersTimer = undefined
    const event = this.usersPending
    this.usersPending = undefined
    if (!event) return
    this.usersSentAt = Date.now()
    this.deliverAll(event)
  }

  /** A present member's name as spelt in the member list, or undefined. */
  memberName(name: string): string | undefined {
    return this.members.get(name.toLowerCase())?.name
  }

  scheduleExpiry(expiresAt: number, onExpiry: () => void): void {
    clearTimeout(this.expiryTimer)
    // A little after the deadline, so the store has surely forgotten the room.
    const delay = Math.max(0, expiresAt - Date.now()) + 50
    this.expiryTimer = setTimeout(onExpiry, delay)
    this.expiryTimer.unref()
  }

  /** Stops the timer and the subscription. Safe to call more than once. */
  async close(): Promise<void> {
    clearTimeout(this.expiryTimer)
    clearTimeout(this.usersTimer)
    this.usersTimer = undefined
    this.usersPending = undefined
    await this.opened.catch(() => undefined)
    const unsubscribe = this.unsubscribe
    this.unsubscribe = undefined
    await unsubscribe?.()
  }
}
