/** What a member session needs from its surroundings (the room hub gives it). */
import type { Store } from '../store/store.js'
import type { RoomLimits } from './limits.js'
import type { LocalRoom } from './local-room.js'

/**
 * The store, the limits, and its room here. `S` is the session type (a parameter, so that this
 * file imports nothing of the session).
 */
export interface SessionContext<S> {
  store: Store
  limits: RoomLimits
  /** Puts the session in its local room (events flowing) and returns the room. */
  attach(session: S): Promise<Pick<LocalRoom, 'memberName'>>
  /** Takes the session out of its local room. */
  detach(session: S): void
  /**
   * How long a member holding a resume token keeps its name after a drop, in ms (0: no
   * quiet reconnects, and no tokens).
   */
  reconnectGraceMs: number
  /** Runs `task` once the reconnect grace has passed (at once when the process shuts down). */
  afterGrace(task: () => Promise<void>): void
}
