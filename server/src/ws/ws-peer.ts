/**
 * The domain's `Peer` on a `ws` socket, built for fan-out: a frame is encoded once
 * (cached on the shared `Outgoing` object) and what one member receives within an
 * event-loop turn goes out in one corked write (one `writev` syscall) at `setImmediate`.
 *
 * Frames are written to the raw TCP socket beneath `ws`. That is safe because `ws`
 * runs without compression here, so its own frames (ping, pong, close) are written
 * whole and synchronously; `close()` flushes our queue before `ws` writes its close frame.
 *
 * A connection that stops reading is closed with 4008 once its unsent bytes pass
 * `maxBufferedBytes` (plus what is still unsent of the join replies and history it was sent
 * on joining: that allowance shrinks as they leave the socket, so a client that stalls after
 * reading its history is held to the plain limit), so one stalled phone can neither slow the
 * room nor grow the server's memory without bound. This holds from the first byte: the
 * transport's own answers (error frames, pongs) are counted before a join as after it, so a
 * client that floods frames it never reads the answers to is dropped like any other. A server-side close is
 * followed, after `CLOSE_GRACE_MS` (5 s), by `terminate()`: a close frame stuck behind bytes
 * the client never reads must not keep the socket (and its buffers) alive.
 */
import type { Socket } from 'node:net'
import WebSocket from 'ws'
import { CLOSE_CODES } from '../../../protocol/index.js'
import type { Outgoing, Peer } from '../rooms/peer.js'

/** The encoded bytes are cached on the shared frame object under a key nothing else uses. */
const ENCODED = Symbol('encoded')
type Encoded = Outgoing & { [ENCODED]?: Buffer }

const dirty = new Set<WsPeer>()
let flushScheduled = false

function flushDirty(): void {
  flushScheduled = false
  for (const peer of dirty) peer.flush()
  dirty.clear()
}

/** How long a closed connection gets to complete the closing handshake before it is cut. */
export const CLOSE_GRACE_MS = 5000

export class WsPeer implements Peer {
  private queue: Buffer[] = []
  private queuedBytes = 0
  /** Our bytes so far, as positions in the stream: queued here, and handed to the socket. */
  private enqueuedTotal = 0
  private writtenTotal = 0
  /**
   * Bytes exempt from the slow-consumer check (the join replies and history), and the
   * stream position where the last of them ends: once the socket has sent that far, they
   * are read and exempt nothing any more.
   */
  private exemptBytes = 0
  private exemptEnd = 0
  /** Whether the domain's frames are counted yet (the transport's always are). */
  private counting = false
  private closing = false
  private readonly socket: Socket

  /** Called once when the member is dropped for being too slow, so the room is told at once. */
  onDropped: (() => void) | undefined

  constructor(
    private readonly ws: WebSocket,
    private readonly maxBufferedBytes: number,
  ) {
    this.socket = (ws as unknown as { _socket: Socket })._socket
  }

  /** From now on, count the domain's frames too (call once the join replies are queued). */
  startCounting(): void {
    this.counting = true
  }

  /** Unsent bytes: queued here and buffered in the socket. */
  get bufferedBytes(): number {
    return this.queuedBytes + this.socket.writableLength
  }

  /**
   * How much of the join replies and history is still unsent, and so still exempt. Bytes
   * leave the socket in the order they were written, so it has sent what we wrote minus
   * what it still buffers, and the exempt bytes still unsent are at most the unsent bytes
   * up to `exemptEnd` (and never more than were exempted). Frames `ws` writes itself (pings,
   * pongs) also sit in `writableLength`: they make the estimate err by their few bytes
   * towards keeping the allowance, never towards dropping a client that reads.
   */
  private allowance(): number {
    if (this.exemptBytes === 0) return 0
    const sent = this.writtenTotal - this.socket.writableLength
    const left = Math.min(this.exemptBytes, this.exemptEnd - sent)
    // Once read, the history is gone for good: a later ping must not bring its allowance back.
    if (left <= 0) this.exemptBytes = 0
    return Math.max(0, left)
  }

  /** A frame from the domain: before `startCounting()` only the join replies come here. */
  send(out: Outgoing): void {
    this.enqueue(out, this.counting)
  }

  /** A frame the transport answers with (error, pong): always counted against the limit. */
  sendControl(out: Outgoing): void {
    this.enqueue(out, true)
  }

  private enqueue(out: Outgoing, counted: boolean): void {
    if (this.ws.readyState !== WebSocket.OPEN || this.closing) return
    const encoded = out as Encoded
    const frame = (encoded[ENCODED] ??= encodeTextFrame(out.json))
    if (!counted) {
      this.exemptBytes += frame.length
      this.exemptEnd = this.enqueuedTotal + frame.length
    } else if (this.bufferedBytes + frame.length > this.maxBufferedBytes + this.allowance()) {
      this.dropSlow()
      return
    }
    this.queue.push(frame)
    this.queuedBytes += frame.length
    this.enqueuedTotal += frame.length
    if (this.queue.length === 1) {
      dirty.add(this)
      if (!flushScheduled) {
        flushScheduled = true
        setImmediate(flushDirty)
      }
    }
  }

  flush(): void {
    const queue = this.queue
    if (queue.length === 0) return
    const bytes = this.queuedBytes
    this.queue = []
    this.queuedBytes = 0
    if (this.ws.readyState !== WebSocket.OPEN || this.socket.destroyed) return
    this.writtenTotal += bytes
    if (queue.length === 1) {
      this.socket.write(queue[0]!)
      return
    }
    this.socket.cork()
    for (const frame of queue) this.socket.write(frame)
    this.socket.uncork()
  }

  close(code: number, reason: string): void {
    if (this.closing) return
    this.flush()
    dirty.delete(this)
    this.closeSoon(code, reason)
  }

  private dropSlow(): void {
    if (this.closing) return
    this.queue = []
    this.queuedBytes = 0
    dirty.delete(this)
    this.closeSoon(CLOSE_CODES.TOO_SLOW, 'Too slow: stopped reading')
    this.onDropped?.()
  }

  /** Starts the closing handshake and cuts the socket if it has not finished in time. */
  private closeSoon(code: number, reason: string): void {
    this.closing = true
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, reason)
    }
    if (this.ws.readyState === WebSocket.CLOSED) return
    const timer = setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS)
    timer.unref()
    this.ws.once('close', () => clearTimeout(timer))
  }
}

/**
 * Encodes a server-to-client WebSocket text frame (RFC 6455 §5.2: FIN + opcode 1,
 * unmasked) into one Buffer, so a broadcast is serialized and framed once and the
 * same bytes are written to every member.
 */
export function encodeTextFrame(text: string): Buffer {
  const length = Buffer.byteLength(text)
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10
  const frame = Buffer.allocUnsafe(header + length)
  frame[0] = 0x81
  if (header === 2) {
    frame[1] = length
  } else if (header === 4) {
    frame[1] = 126
    frame.writeUInt16BE(length, 2)
  } else {
    frame[1] = 127
    frame.writeBigUInt64BE(BigInt(length), 2)
  }
  frame.write(text, header, 'utf8')
  return frame
}
