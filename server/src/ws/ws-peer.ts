/**
 * The domain's `Peer` on a `ws` socket, built for fan-out: a frame is encoded once
 * (cached on the shared `Outgoing` object) and what one member receives within an
 * event-loop turn goes out in one corked write (one `writev` syscall) at `setImmediate`.
 *
 * Frames are written to the raw TCP socket beneath `ws`. That is safe because `ws`
 * runs without compression here, so its own frames (ping, pong, close) are written
 * whole and synchronously; `close()` flushes our queue before `ws` writes its close frame.
 *
 * A member that stops reading is closed with 4008 once its unsent bytes pass
 * `maxBufferedBytes` (plus the size of the history it was sent on joining), so one
 * stalled phone can neither slow the room nor grow the server's memory without bound.
 */
import type { Socket } from 'node:net'
import WebSocket from 'ws'
import { CLOSE_CODES } from '../../../protocol/index.js'
import type { Outgoing, Peer } from '../rooms/peer.js'
import { encodeTextFrame } from './text-frame.js'

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

/** How long a member dropped for slowness gets to receive its close frame. */
const SLOW_CLOSE_GRACE_MS = 2000

export class WsPeer implements Peer {
  private queue: Buffer[] = []
  private queuedBytes = 0
  /** Bytes exempt from the slow-consumer check: the join replies and history. */
  private allowance = 0
  private counting = false
  private readonly socket: Socket

  /** Called once when the member is dropped for being too slow, so the room is told at once. */
  onDropped: (() => void) | undefined

  constructor(
    private readonly ws: WebSocket,
    private readonly maxBufferedBytes: number,
  ) {
    this.socket = (ws as unknown as { _socket: Socket })._socket
  }

  /** From now on, count unsent bytes against the limit (call once the join replies are queued). */
  startCounting(): void {
    this.allowance = this.queuedBytes + this.socket.writableLength
    this.counting = true
  }

  send(out: Outgoing): void {
    if (this.ws.readyState !== WebSocket.OPEN) return
    const encoded = out as Encoded
    const frame = (encoded[ENCODED] ??= encodeTextFrame(out.json))
    if (
      this.counting &&
      this.socket.writableLength + this.queuedBytes + frame.length >
        this.maxBufferedBytes + this.allowance
    ) {
      this.dropSlow()
      return
    }
    this.queue.push(frame)
    this.queuedBytes += frame.length
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
    this.queue = []
    this.queuedBytes = 0
    if (this.ws.readyState !== WebSocket.OPEN || this.socket.destroyed) return
    if (queue.length === 1) {
      this.socket.write(queue[0]!)
      return
    }
    this.socket.cork()
    for (const frame of queue) this.socket.write(frame)
    this.socket.uncork()
  }

  close(code: number, reason: string): void {
    this.flush()
    dirty.delete(this)
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, reason)
    }
  }

  private dropSlow(): void {
    this.queue = []
    this.queuedBytes = 0
    dirty.delete(this)
    this.ws.close(CLOSE_CODES.TOO_SLOW, 'Too slow: stopped reading')
    this.onDropped?.()
    // The close frame waits behind the unsent bytes; don't wait for it for long.
    setTimeout(() => this.ws.terminate(), SLOW_CLOSE_GRACE_MS).unref()
  }
}
