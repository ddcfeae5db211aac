/**
 * One client connection, whatever carries it: fed text frames by its transport, it takes
 * the socket permit of its address, checks the room, handles frames one at a time (each
 * goes to the member's room, `room.ts`), answers pings at once, times the join out, maps errors to error frames and
 * close codes, and leaves the room when the connection goes. It never sees a socket: the
 * transport (`ws/chat-socket.ts`) turns its events into calls here, and tests do the same
 * with a recording peer.
 */
import { CLOSE_CODES, type ClientFrame } from '../../../protocol/index.js'
import { parseClientFrame } from './client-frames.js'
import type { Member } from './member.js'
import { outgoing, type Logger, type Outgoing, type Peer } from './peer.js'
import type { RoomHub } from './room-hub.js'
import { SILENT_OBSERVER, type RoomObserver } from './observer.js'
import type { Room } from './room.js'
import type { RoomService } from './room-service.js'
import { errorFrame, isStoreOutage, toWireError } from './wire-errors.js'

/**
 * Frames are handled one at a time per connection. Past `PAUSE_AT` frames (or
 * `PAUSE_AT_BYTES`) waiting, the transport stops reading (TCP pushes back on the client)
 * until the queue is down to `RESUME_AT`; a burst is delayed, never dropped. Frames
 * already read when reading pauses (at most one read chunk) still queue, up to
 * `REFUSE_AT` frames: past that they are refused with an error frame, which counts
 * against the connection's unsent-bytes limit like every answer.
 */
export const PAUSE_AT = 32
export const PAUSE_AT_BYTES = 256 * 1024
export const RESUME_AT = 8
export const REFUSE_AT = 1024
const PONG = outgoing({ type: 'pong' })
const BINARY_REFUSED = outgoing(errorFrame('binary_not_supported', 'Send frames as JSON text.'))
const TOO_MANY_FRAMES = outgoing(errorFrame('rate_limited', 'Too many frames at once. Slow down.'))

/** The member's `Peer`, plus what the connection itself needs of the way out. */
export interface ConnectionPeer extends Peer {
  /**
   * An answer of the connection's own (pong, refusal, error frame): counted against the
   * unsent-bytes limit from the first byte, so a client cannot flood frames it never reads
   * the answers to.
   */
  sendControl(frame: Outgoing): void
  /** The join replies and history are queued: the member's frames count from now on. */
  startCounting(): void
}

/** The transport's reading side, stopped while too many frames wait. */
export interface Reading {
  readonly isPaused: boolean
  pause(): void
  resume(): void
}

/** One of the open sockets an address may hold (see `limits/socket-cap.ts`). */
export interface SocketPermit {
  /** Gives the permit back (idempotent). */
  release(): void
}

export interface ConnectionOptions {
  roomId: string
  peer: ConnectionPeer
  /** The client's address (password tries are counted by it, hashed). */
  address?: string
  reading: Reading
  hub: Pick<RoomHub, 'member' | 'join' | 'joinedRoom' | 'leave'>
  rooms: Pick<RoomService, 'get'>
  /** Takes a socket permit for the client's address; null when its address holds too many. */
  acquirePermit: () => Promise<SocketPermit | null>
  joinTimeoutMs: number
  /** Counts for metrics (default: none). */
  observer?: RoomObserver
  /**
   * Made when something is logged, not kept: idle connections are most of a chat server's
   * memory. Nothing logged here names a member, a room or an address, or quotes a frame.
   */
  log: () => Logger
}

export class Connection {
  private readonly member: Member
  /** No frame is handled any more: the connection is closed, closing, or refused. */
  private closed = false
  private pending = 0
  private pendingBytes = 0
  private permit: SocketPermit | undefined
  /** Every frame waits behind the one before it; the permit and the room check come first. */
  private chain: Promise<void>
  private readonly joinTimer: NodeJS.Timeout

  private readonly observer: RoomObserver

  /** Starts at once: the permit is asked for and the join timer runs. */
  constructor(private readonly o: ConnectionOptions) {
    this.observer = o.observer ?? SILENT_OBSERVER
    this.observer.connectionOpened()
    this.member = o.hub.member(o.roomId, o.peer, o.address)
    this.chain = o
      .acquirePermit()
      .then((taken) => this.admit(taken))
      .catch((err: unknown) => this.fail(err))
    this.joinTimer = setTimeout(() => this.joinTimedOut(), o.joinTimeoutMs)
    this.joinTimer.unref()
  }

  /** A text frame from the client; `bytes`: its size on the wire (UTF-8). */
  receive(text: string, bytes = Buffer.byteLength(text)): void {
    if (this.closed) return
    let frame: ClientFrame
    try {
      frame = parseClientFrame(text)
    } catch (err) {
      this.fail(err)
      return
    }
    this.observer.frameIn(frame.type)
    // Ahead of the queue: a client measuring its connection must not wait for a slow join.
    if (frame.type === 'ping') {
      this.o.peer.sendControl(PONG)
      return
    }
    if (this.pending >= REFUSE_AT) {
      this.observer.errorFrame('rate_limited')
      this.o.peer.sendControl(TOO_MANY_FRAMES)
      return
    }
    const { reading } = this.o
    this.pending++
    this.pendingBytes += bytes
    if ((this.pending >= PAUSE_AT || this.pendingBytes >= PAUSE_AT_BYTES) && !reading.isPaused) {
      reading.pause()
    }
    this.chain = this.chain
      .then(() => this.handle(frame))
      .catch((err: unknown) => this.fail(err, frame))
      .finally(() => {
        this.pending--
        this.pendingBytes -= bytes
        if (reading.isPaused && this.pending <= RESUME_AT && this.pendingBytes < PAUSE_AT_BYTES) {
          reading.resume()
        }
      })
  }

  /** A binary frame: the protocol is JSON text. */
  receiveBinary(): void {
    if (this.closed) return
    this.observer.errorFrame('binary_not_supported')
    this.o.peer.sendControl(BINARY_REFUSED)
  }

  /** The peer dropped the member for not reading: out of the room now, not at the close. */
  dropped(): void {
    this.closed = true
    this.member.connectionLost()
    this.o.log().warn({}, 'member dropped: stopped reading')
    this.chain = this.chain
      .then(() => this.o.hub.leave(this.member))
      .catch((err) => this.leaveFailed(err))
  }

  /** The connection closed with `code`, from either side. */
  disconnected(code: number): void {
    this.observer.connectionClosed(code)
    this.closed = true
    this.member.connectionLost()
    clearTimeout(this.joinTimer)
    this.permit?.release()
    // Leave after whatever is in flight (a join under way undoes itself: connectionLost).
    // A client that closes normally (1000) left on purpose: no reconnect grace.
    const now = code === CLOSE_CODES.NORMAL
    this.chain = this.chain
      .then(() => this.o.hub.leave(this.member, now))
      .catch((err) => this.leaveFailed(err))
  }

  /**
   * Resolves once every frame received so far is handled (and the leave, once
   * disconnected): what a test awaits instead of a delay. It never rejects.
   */
  idle(): Promise<void> {
    return this.chain
  }

  private async admit(taken: SocketPermit | null): Promise<void> {
    // Closed while the permit was being taken: nobody will give it back but us.
    if (this.closed) return taken?.release()
    if (!taken) {
      this.closed = true
      this.o.log().warn({}, 'websocket refused: too many sockets from one address')
      this.member.end(CLOSE_CODES.TOO_MANY_SOCKETS, 'Too many connections from your address')
      return
    }
    this.permit = taken
    await this.o.rooms.get(this.o.roomId)
  }

  private joinTimedOut(): void {
    if (!this.member.joined && !this.closed) {
      this.closed = true
      this.member.end(CLOSE_CODES.JOIN_TIMEOUT, 'No join frame in time')
    }
  }

  private async handle(frame: ClientFrame): Promise<void> {
    if (this.closed) return
    const member = this.member
    switch (frame.type) {
      case 'join':
        await this.o.hub.join(member, frame)
        clearTimeout(this.joinTimer)
        this.o.peer.startCounting()
        return
      case 'message':
        return this.room().chat(member, frame)
      case 'typing':
        return this.room().typing(member)
      case 'ping':
        // Answered on arrival, ahead of the queue (see `receive`).
        return
      case 'lock':
        return this.room().setLocked(member, true)
      case 'unlock':
        return this.room().setLocked(member, false)
      case 'remove':
        return this.room().remove(member, frame.name)
      case 'rename':
        return this.room().rename(member, frame)
      case 'upload':
        return this.room().upload(member, frame)
      case 'delete':
        return this.room().delete(member, frame.id)
      case 'edit':
        return this.room().edit(member, frame)
      case 'react':
        return this.room().react(member, frame)
      case 'room_settings':
        return this.room().setVanish(member, frame.vanish_seconds)
      case 'destroy':
        await this.room().destroy(member)
        this.o.log().info({}, 'room closed by its host')
        return
      case 'invite':
      case 'revoke_invitation':
      case 'invitation_only':
        return this.room().access(member, frame)
      default: {
        const _exhaustive: never = frame
        return _exhaustive
      }
    }
  }

  private room(): Room {
    return this.o.hub.joinedRoom(this.member)
  }

  private fail(err: unknown, frame?: ClientFrame): void {
    const wire = toWireError(err)
    if (wire.unexpected) this.o.log().error({ err }, 'chat frame failed')
    if (wire.frame) {
      this.observer.errorFrame(wire.frame.code)
      // The sender learns which of its messages was refused.
      const clientId =
        frame?.type === 'message' || frame?.type === 'upload' || frame?.type === 'invite'
          ? frame.client_id
          : undefined
      this.o.peer.sendControl(
        outgoing(clientId ? { ...wire.frame, client_id: clientId } : wire.frame),
      )
    }
    if (wire.close) {
      this.closed = true
      this.member.end(wire.close.code, wire.close.reason)
    }
  }

  /** During an outage the store retries the removal itself once it is back (logged once). */
  private leaveFailed(err: unknown): void {
    if (!isStoreOutage(err)) this.o.log().warn({ err }, 'leave failed')
  }
}
