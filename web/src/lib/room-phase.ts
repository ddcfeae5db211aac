import { CLOSE_CODES } from '../../../protocol/frames'

/**
 * Where one person's session in a room stands: choosing a name, joining, in the room, or
 * at one of its endings. `lost`: the room was there and is gone though nobody ended it and
 * its time was not up (its in-memory server restarted): an accident, so what was on screen
 * stays there, read-only. `closed-by-you`: this person, the host, ended it.
 */
export type RoomPhase =
  | 'name'
  | 'joining'
  | 'ready'
  | 'not-found'
  | 'lost'
  | 'expired'
  | 'full'
  | 'closed'
  | 'closed-by-you'
  | 'locked'
  | 'removed'
  | 'password-refused'
  | 'not-invited'
  | 'error'

/** Close codes after which the room no longer exists. */
const ROOM_GONE: readonly number[] = [
  CLOSE_CODES.ROOM_EXPIRED,
  CLOSE_CODES.ROOM_NOT_FOUND,
  CLOSE_CODES.CLOSED_BY_HOST,
]

/** The room is over for good after this close: nothing this browser keeps for it is of use. */
export const roomIsGone = (code: number): boolean => ROOM_GONE.includes(code)

/** What the session knew of the room when the socket closed for good. */
export interface SessionSoFar {
  everJoined: boolean
  /** Epoch ms of the room's expiry, when known. */
  deadline: number | null
  /** This person is the room's host. */
  host: boolean
}

/**
 * The phase a final close leaves the session in. A room the server no longer knows was
 * never there for a tab that never got in; for one that did, past its deadline it expired,
 * and before it, it was lost with its server (a restart of the in-memory store). The one
 * other final close, a refused Origin, is an `error`.
 */
export function phaseAfterClose(code: number, was: SessionSoFar, now = Date.now()): RoomPhase {
  switch (code) {
    case CLOSE_CODES.ROOM_EXPIRED:
      return 'expired'
    case CLOSE_CODES.ROOM_NOT_FOUND:
      if (!was.everJoined) return 'not-found'
      return was.deadline !== null && was.deadline <= now ? 'expired' : 'lost'
    case CLOSE_CODES.ROOM_FULL:
      return 'full'
    case CLOSE_CODES.CLOSED_BY_HOST:
      return was.host ? 'closed-by-you' : 'closed'
    case CLOSE_CODES.ROOM_LOCKED:
      return 'locked'
    case CLOSE_CODES.REMOVED:
      return 'removed'
    case CLOSE_CODES.PASSWORD:
      return 'password-refused'
    case CLOSE_CODES.NOT_INVITED:
      return 'not-invited'
    default:
      return 'error'
  }
}
