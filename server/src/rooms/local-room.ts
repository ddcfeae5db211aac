/**
 * One room as this process sees it: the sessions connected here, the store
 * subscription feeding them, and the timer that closes them when the room expires.
 */
import type { Member } from '../../../protocol/index.js'
import type { RoomEvent } from '../store/store.js'
import type { MemberSession } from './member-session.js'

export class LocalRoom {
  readonly sessions = new Set<MemberSession>()
  /** The latest member list seen on the room's event stream, by lowercased name. */
  private members = new Map<string, Member>()
  /** Resolves once the room is known to exist and its events are flowing. */
  ready: Promise<void> = Promise.resolve()
  unsubscribe: (() => Promise<void>) | undefined
  private expiryTimer: NodeJS.Timeout | undefined

  constructor(readonly id: string) {}

  dispatch(event: RoomEvent): void {
    if (event.frame.type === 'users') {
      this.members = new Map(event.frame.content.map((m) => [m.name.toLowerCase(), m]))
    }
    for (const session of this.sessions) session.deliver(event)
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
    await this.ready.catch(() => undefined)
    const unsubscribe = this.unsubscribe
    this.unsubscribe = undefined
    await unsubscribe?.()
  }
}
