/**
 * A member list goes to every member on every join, so filling a room of n members
 * unthrottled costs O(n²) frames of O(n) bytes: a 5,000-member room would never fill.
 * Rooms with more than `USERS_THROTTLE_ABOVE` local members therefore get member-list
 * updates at most once per interval, always ending with the latest list. The interval
 * grows with what one update costs (members × list size), so that member lists take at
 * most `USERS_BYTES_PER_SECOND` of a room's bandwidth: about 0.4 s at 1,000 members,
 * 10 s at 5,000. Small rooms get every update at once.
 */
import type { RoomEvent } from '../store/store.js'

export const USERS_THROTTLE_ABOVE = 50
const USERS_BYTES_PER_SECOND = 128 * 1024 * 1024
const USERS_MAX_INTERVAL_MS = 15_000

export class MemberListThrottle {
  /** The newest member list not yet sent, while a throttled one is due. */
  private pending: RoomEvent | undefined
  private timer: NodeJS.Timeout | undefined
  private sentAt = 0

  /** `send` hands a list to every member here; `members`: how many there are. */
  constructor(private readonly send: (event: RoomEvent) => void) {}

  push(event: RoomEvent, members: number): void {
    this.pending = event
    if (this.timer) return
    const wait =
      members > USERS_THROTTLE_ABOVE ? this.sentAt + interval(event, members) - Date.now() : 0
    if (wait <= 0) this.flush()
    else this.timer = setTimeout(() => this.flush(), wait)
  }

  /** Drops a waiting list (the room closes). */
  stop(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.pending = undefined
  }

  private flush(): void {
    this.timer = undefined
    const event = this.pending
    this.pending = undefined
    if (!event) return
    this.sentAt = Date.now()
    this.send(event)
  }
}

function interval(event: RoomEvent, members: number): number {
  const bytesPerUpdate = members * event.json.length
  return Math.min(USERS_MAX_INTERVAL_MS, (bytesPerUpdate / USERS_BYTES_PER_SECOND) * 1000)
}
