/**
 * Issue 10's attack against a real server process, measured from outside: sockets that
 * never read while flooding tiny frames, and sockets that never finish opening. Each must
 * be closed and its memory freed, whatever the client does.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startChatty, type ChattyProcess } from '../../testkit/chatty.js'
import { createRoom } from '../../testkit/rooms.js'
import { CLOSE_GRACE_MS } from '../src/ws/ws-peer.js'
import {
  FLOODS,
  clientFrame,
  flood,
  rawConnect,
  rssOf,
  upgradeAndStopReading,
  upgradeRequest,
  type RawConnection,
} from './support/attacker.js'

const MB = 1024 * 1024
let server: ChattyProcess | undefined
const conns: RawConnection[] = []
afterEach(async () => {
  for (const c of conns.splice(0)) c.socket.destroy()
  await server?.kill('SIGKILL')
  server = undefined
})

/** Settles true once the server dropped `c`, false if it still holds it after `ms`. */
function droppedWithin(c: RawConnection, ms: number): Promise<boolean> {
  return Promise.race([
    c.gone.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(resolve, ms, false)),
  ])
}

describe('a socket that never reads and floods tiny frames', () => {
  for (const kind of ['badJson', 'appPing', 'wsPing'] as const) {
    it(`is dropped and the server stays small: ${kind} frames, joined and not`, async () => {
      server = await startChatty({
        from: 'source',
        env: { CHATTY_MAX_BUFFERED_BYTES: String(256 * 1024) },
      })
      const roomId = await createRoom(server.baseUrl)
      const pid = server.child.pid!
      const before = rssOf(pid)

      const unjoined = await upgradeAndStopReading(server.port, `/ws/${roomId}`)
      const unknownRoom = await upgradeAndStopReading(server.port, '/ws/no-such-room')
      const joined = await upgradeAndStopReading(server.port, `/ws/${roomId}`)
      joined.socket.write(clientFrame(1, '{"type":"join","sender":"Mallory"}'))
      const attackers = [unjoined, unknownRoom, joined]
      conns.push(...attackers)

      let peak = before
      const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 100)
      // Without the bounds this grew the server by 170-300 MB in ten seconds, and kept it.
      await Promise.all(attackers.map((c) => flood(c, FLOODS[kind], 10_000)))
      clearInterval(sampler)

      expect(attackers.map((c) => c.isGone())).toEqual([true, true, true])
      expect((peak - before) / MB).toBeLessThan(48)
      const health = await fetch(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(3000) })
      expect(health.ok).toBe(true)
    }, 40_000)
  }
})

describe('connections that never open', () => {
  it('closes a silent TCP connection, a half-sent upgrade and a socket that never joins', async () => {
    server = await startChatty({ from: 'source', env: { CHATTY_TEST_TIMINGS: 'join_timeout=2' } })
    const roomId = await createRoom(server.baseUrl)
    const request = upgradeRequest(server.port, `/ws/${roomId}`)
    const silent = await rawConnect(server.port)
    const half = await rawConnect(server.port, request.slice(0, 40))
    const neverJoins = await upgradeAndStopReading(server.port, `/ws/${roomId}`, true)
    conns.push(silent, half, neverJoins)
    // The join timeout is 2 s; 8 s allows for the once-a-second check and a busy machine,
    // and is far below what Node's defaults gave (60 s for headers, never for silence).
    const dropped = await Promise.all([silent, half, neverJoins].map((c) => droppedWithin(c, 8000)))
    expect(dropped).toEqual([true, true, true])
  }, 20_000)

  it('cuts a socket that never joins and never reads, its 4000 close frame unsent', async () => {
    server = await startChatty({ from: 'source', env: { CHATTY_TEST_TIMINGS: 'join_timeout=1' } })
    const roomId = await createRoom(server.baseUrl)
    const mute = await upgradeAndStopReading(server.port, `/ws/${roomId}`)
    conns.push(mute)
    // Paused, it cannot see a clean close; it sees the connection cut when it writes.
    await new Promise((r) => setTimeout(r, 1000 + CLOSE_GRACE_MS + 1500))
    mute.socket.write(clientFrame(1, '{}'))
    mute.socket.write(clientFrame(1, '{}'))
    expect(await droppedWithin(mute, 3000)).toBe(true)
  }, 20_000)
})
