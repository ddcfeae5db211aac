/**
 * The slow-consumer limit of `WsPeer`, driven with a fake socket whose send buffer the test
 * fills and drains by hand: no network, no timing, the exact byte counts the peer sees.
 */
import { describe, expect, it } from 'vitest'
import type WebSocket from 'ws'
import { CLOSE_CODES } from '../../../protocol/index.js'
import { outgoing } from '../rooms/peer.js'
import { encodeTextFrame, WsPeer } from './ws-peer.js'

const OPEN = 1
const CLOSED = 3
const MAX = 1000

/** A `ws` socket over a raw socket that never sends: `drain()` plays the client reading. */
function fakeSocket() {
  const raw = {
    writableLength: 0,
    destroyed: false,
    write(chunk: Buffer): boolean {
      raw.writableLength += chunk.length
      return true
    },
    cork(): void {},
    uncork(): void {},
  }
  const closes: number[] = []
  const ws = {
    readyState: OPEN,
    _socket: raw,
    close(code: number): void {
      closes.push(code)
      // Closed at once, so the peer arms no grace timer the test would leave behind.
      ws.readyState = CLOSED
    },
    terminate(): void {},
    once(): void {},
  }
  return {
    ws: ws as unknown as WebSocket,
    closes,
    /** The client reads all but the last `unread` bytes the server wrote so far. */
    drain(unread = 0): void {
      raw.writableLength = Math.min(unread, raw.writableLength)
    },
  }
}

/** A frame that takes exactly `bytes` bytes on the wire. */
function frameOf(bytes: number) {
  const out = outgoing({ type: 'message', content: '' })
  const overhead = encodeTextFrame(out.json).length
  const padded = outgoing({ type: 'message', content: 'x'.repeat(bytes - overhead) })
  expect(encodeTextFrame(padded.json).length).toBe(bytes)
  return padded
}

/** A member that joined with `historyBytes` of join replies and history, written out. */
function joined(historyBytes: number) {
  const socket = fakeSocket()
  const peer = new WsPeer(socket.ws, MAX)
  let dropped = 0
  peer.onDropped = () => dropped++
  for (let left = historyBytes; left > 0; left -= 100) peer.send(frameOf(Math.min(100, left)))
  peer.startCounting()
  peer.flush()
  return { peer, socket, dropped: () => dropped }
}

describe('WsPeer slow-consumer limit', () => {
  it('lets the join replies and history come on top of the limit while they are unread', () => {
    const { peer, socket, dropped } = joined(5000)
    expect(peer.bufferedBytes).toBe(5000)
    // The history still sits unread: a full limit's worth of live frames may follow it.
    for (let i = 0; i < MAX / 100; i++) peer.send(frameOf(100))
    expect(dropped()).toBe(0)
    expect(socket.closes).toEqual([])
    peer.send(frameOf(100))
    expect(dropped()).toBe(1)
    expect(socket.closes).toEqual([CLOSE_CODES.TOO_SLOW])
  })

  it('drops a member that stalls after reading its history at the normal limit', () => {
    const { peer, socket, dropped } = joined(5000)
    // The client reads its history, then stops reading.
    socket.drain()
    expect(peer.bufferedBytes).toBe(0)
    for (let i = 0; i < MAX / 100; i++) peer.send(frameOf(100))
    peer.flush()
    expect(dropped()).toBe(0)
    // One byte past the limit is one too many: the history it already read buys it nothing.
    peer.send(frameOf(100))
    expect(dropped()).toBe(1)
    expect(socket.closes).toEqual([CLOSE_CODES.TOO_SLOW])
  })

  it('shrinks the allowance by what of the history was read, not more', () => {
    const { peer, socket, dropped } = joined(5000)
    // The client reads all but the last 2000 bytes of its history, then stalls.
    socket.drain(2000)
    expect(peer.bufferedBytes).toBe(2000)
    // Those 2000 unread bytes are still exempt, so a full limit fits behind them...
    for (let i = 0; i < MAX / 100; i++) peer.send(frameOf(100))
    expect(dropped()).toBe(0)
    // ...and nothing more.
    peer.send(frameOf(100))
    expect(dropped()).toBe(1)
  })

  it('counts the transport answers before a join against the plain limit', () => {
    const socket = fakeSocket()
    const peer = new WsPeer(socket.ws, MAX)
    let dropped = 0
    peer.onDropped = () => dropped++
    for (let i = 0; i < MAX / 100; i++) peer.sendControl(frameOf(100))
    expect(dropped).toBe(0)
    peer.sendControl(frameOf(100))
    expect(dropped).toBe(1)
  })
})
