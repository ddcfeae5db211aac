/**
 * One connection's place in a room: who it is there, what it has been sent, and its own
 * limits. Its room (`room.ts`) does everything with it; this is only its state and its way
 * out (end and close).
 */
import { randomUUID } from 'node:crypto'
import type { RoomEvent } from '../store/store.js'
import type { RoomLimits } from './limits.js'
import type { Peer } from './peer.js'
import { TokenBucket } from './token-bucket.js'

/** Uploads one member may start (`files/uploads.ts`): a burst of 10, then one every 2 seconds. */
export const UPLOAD_BURST = 10
export const UPLOADS_PER_SECOND = 0.5

export type MemberState = 'connected' | 'joining' | 'joined' | 'closed'

export class Member {
  readonly connId = randomUUID()
  name = ''
  /** The name's identity in the room (see `name-key.ts`). */
  key = ''
  avatar = ''
  state: MemberState = 'connected'
  /** True while this member holds its name in the store's member list. */
  holdsName = false
  /** Highest message id sent: live events at or below it are duplicates. */
  lastId = 0
  /** Events that arrive while the history is being read, sent right after it. */
  pending: RoomEvent[] = []
  readonly bucket: TokenBucket
  private uploadBucket: TokenBucket | undefined
  lastTypingAt = 0
  /** Set at join from the room record: chat content must then be an envelope. */
  encrypted = false
  /** True when this member got a resume token: a drop then waits for the grace time. */
  resumable = false
  /** Proved the room's creator token at join: may lock, remove and destroy. */
  host = false
  /**
   * The client's address, as its transport saw it: what password tries are counted by
   * (hashed, never kept in the store). Empty when the transport has none.
   */
  address = ''
  /** The transport saw the connection close (see `connectionLost`). */
  private lost = false

  constructor(
    readonly roomId: string,
    readonly peer: Peer,
    limits: RoomLimits,
    /** Takes the member out of its room here (the room hub's). */
    private readonly detach: (member: Member) => void,
  ) {
    this.bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst)
  }

  /** Uploads this member may start; made on the first one (most members never send a file). */
  get uploads(): TokenBucket {
    return (this.uploadBucket ??= new TokenBucket(UPLOADS_PER_SECOND, UPLOAD_BURST))
  }

  get joined(): boolean {
    return this.state === 'joined'
  }

  /**
   * The connection is gone (the transport saw it close). A join still under way stops at its
   * next step and undoes itself, so the room never sees a member that was never `joined`.
   */
  connectionLost(): void {
    this.lost = true
  }

  /** Ended (join timeout, shutdown, removal) or its connection lost while joining. */
  get gone(): boolean {
    return this.state === 'closed' || this.lost
  }

  /** The server ends the connection (expiry, shutdown, removal, protocol error). */
  end(code: number, reason: string): void {
    this.close()
    this.peer.close(code, reason)
  }

  /** Out of the room here, for good (idempotent). */
  close(): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    this.pending = []
    this.detach(this)
  }
}
