/**
 * A connection's races, forced rather than hoped for: the store's `addMember` (or the
 * socket permit) is held at a gate while the join timer fires, the connection drops or
 * closes, the process shuts down, or more frames arrive (queued in order, reading paused,
 * past the limit refused). No socket, no real timing: a recording peer, the memory store,
 * a `RoomHub`, and Vitest's fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { GatedStore, RecordingPeer, TEST_LIMITS, silentLog } from './__tests__/fakes.js'
import {
  Connection,
  PAUSE_AT,
  PAUSE_AT_BYTES,
  REFUSE_AT,
  RESUME_AT,
  type SocketPermit,
  type Reading,
} from './connection.js'
import { RoomHub } from './room-hub.js'
import { RoomService } from './room-service.js'
import { membersOf } from '../store/__tests__/members-of.js'

const JOIN_TIMEOUT_MS = 10_000

/** The reading side; notes how many frames had been answered when reading resumed. */
class RecordingReading implements Reading {
  isPaused = false
  pauses = 0
  resumedAt: number[] = []
  constructor(private readonly peer: RecordingPeer) {}
  pause(): void {
    this.isPaused = true
    this.pauses++
  }
  resume(): void {
    this.isPaused = false
    this.resumedAt.push(this.peer.frames.length)
  }
}

let store: GatedStore
let hub: RoomHub
let rooms: RoomService
let roomId: string

function connect(acquirePermit?: () => Promise<SocketPermit | null>) {
  const peer = new RecordingPeer()
  const reading = new RecordingReading(peer)
  const permit = { releases: 0, release: () => void permit.releases++ }
  const conn = new Connection({
    roomId,
    peer,
    reading,
    hub,
    rooms,
    acquirePermit: acquirePermit ?? (async () => permit),
    joinTimeoutMs: JOIN_TIMEOUT_MS,
    log: () => silentLog,
  })
  const send = (frame: object) => conn.receive(JSON.stringify(frame))
  return { conn, peer, reading, permit, send }
}

/** A connection whose socket permit is withheld until `grant()`: every frame waits. */
function held() {
  let grant: (permit: SocketPermit) => void = () => {}
  const pending = new Promise<SocketPermit>((resolve) => (grant = resolve))
  const c = connect(() => pending)
  return { ...c, grant: () => grant(c.permit) }
}

/** Alice, present in the room: she must never hear of a join that was overtaken. */
async function alicePresent() {
  const alice = connect()
  alice.send({ type: 'join', sender: 'Alice' })
  await alice.conn.idle()
  expect(alice.peer.types()).toContain('joined')
  return { ...alice, seenBefore: alice.peer.frames.length }
}

/** Bob's join, sent and held at the store's gate. */
async function heldJoin() {
  store.held = true
  const bob = connect()
  bob.send({ type: 'join', sender: 'Bob' })
  await store.arrived
  return bob
}

async function expectNeverSeen(
  alice: Awaited<ReturnType<typeof alicePresent>>,
  bob: ReturnType<typeof connect>,
) {
  expect(bob.peer.types()).not.toContain('joined')
  // Bob's name was in the list for a moment (the store publishes each change), never a notice.
  const after = alice.peer.frames.slice(alice.seenBefore)
  expect(after.filter((f) => f.type !== 'users')).toEqual([])
  expect(await membersOf(store, roomId)).toEqual([{ name: 'Alice', avatar: '' }])
  // The name is free again.
  const again = connect()
  again.send({ type: 'join', sender: 'Bob' })
  await again.conn.idle()
  expect(again.peer.types()[0]).toBe('joined')
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  store = new GatedStore({ historyLimit: TEST_LIMITS.historyLimit })
  hub = new RoomHub(store, { limits: TEST_LIMITS, cleanupIntervalSeconds: 3600 }, silentLog)
  rooms = new RoomService(store, { defaultSeconds: 3600, minSeconds: 60, maxSeconds: 3600 })
  roomId = (await rooms.create()).info.room_id
})
afterEach(async () => {
  await hub.shutdown(1012, 'test over')
  await store.close()
  vi.useRealTimers()
})

describe('a connection racing its join', () => {
  it('handles frames sent during a join after it, in order, and answers pings at once', async () => {
    const bob = await heldJoin()
    bob.send({ type: 'message', content: 'one' })
    bob.send({ type: 'ping' })
    bob.send({ type: 'message', content: 'two' })
    expect(bob.peer.types()).toEqual(['pong'])

    store.release()
    await bob.conn.idle()
    expect(bob.peer.types()).toEqual([
      'pong',
      'joined',
      'history',
      'users',
      'system',
      'message',
      'message',
    ])
    expect(bob.peer.frames.slice(-2)).toMatchObject([{ content: 'one' }, { content: 'two' }])
  })

  it('the join timeout fires while the name is being added: 4000, and the room never sees it', async () => {
    const alice = await alicePresent()
    const bob = await heldJoin()
    vi.advanceTimersByTime(JOIN_TIMEOUT_MS)
    expect(bob.peer.closed).toEqual({ code: 4000, reason: 'No join frame in time' })

    store.release()
    bob.conn.disconnected(4000)
    await bob.conn.idle()
    expect(bob.permit.releases).toBe(1)
    await expectNeverSeen(alice, bob)
  })

  it('the connection closes while the name is being added: the join undoes itself', async () => {
    const alice = await alicePresent()
    const bob = await heldJoin()
    bob.conn.disconnected(1006)
    expect(bob.permit.releases).toBe(1)

    store.release()
    await bob.conn.idle()
    expect(bob.peer.closed).toBeUndefined()
    await expectNeverSeen(alice, bob)
  })

  it('the peer drops the member (too slow) while the name is being added', async () => {
    const alice = await alicePresent()
    const bob = await heldJoin()
    bob.conn.dropped()
    bob.send({ type: 'message', content: 'never handled' })

    store.release()
    await bob.conn.idle()
    // Then the socket's close arrives, as it does after a drop.
    bob.conn.disconnected(4008)
    await bob.conn.idle()
    expect(bob.permit.releases).toBe(1)
    await expectNeverSeen(alice, bob)
  })

  it('the connection closes while its socket permit is being taken: the permit goes back', async () => {
    const bob = held()
    bob.send({ type: 'join', sender: 'Bob' })
    bob.conn.disconnected(1001)
    expect(bob.permit.releases).toBe(0)

    bob.grant()
    await bob.conn.idle()
    expect(bob.permit.releases).toBe(1)
    expect(bob.peer.frames).toEqual([])
    expect(await membersOf(store, roomId)).toEqual([])
  })

  it('the process shuts down while the name is being added: 1012, nobody left behind', async () => {
    await alicePresent()
    const bob = await heldJoin()
    const down = hub.shutdown(1012, 'Server restarting')
    store.release()
    await down
    await bob.conn.idle()
    expect(bob.peer.closed).toEqual({ code: 1012, reason: 'Server restarting' })
    expect(bob.peer.types()).not.toContain('joined')
    expect(await membersOf(store, roomId)).toEqual([])

    // The socket's close follows the shutdown: nothing more to undo.
    bob.conn.disconnected(1012)
    await bob.conn.idle()
    expect(bob.permit.releases).toBe(1)
    expect(await membersOf(store, roomId)).toEqual([])
  })
})

describe('a connection whose frames wait (its socket permit held)', () => {
  it(`pauses reading at ${PAUSE_AT} waiting frames and resumes at ${RESUME_AT}`, async () => {
    const { conn, peer, reading, send, grant } = held()
    for (let i = 1; i < PAUSE_AT; i++) send({ type: 'typing' })
    expect(reading.isPaused).toBe(false)
    send({ type: 'typing' })
    send({ type: 'typing' })
    expect(reading.pauses).toBe(1)

    grant()
    await conn.idle()
    // Each typing frame before a join is answered `not_joined`: answered = handled.
    const total = PAUSE_AT + 1
    expect(peer.frames).toHaveLength(total)
    expect(reading.resumedAt).toEqual([total - RESUME_AT])
  })

  it(`pauses reading once the waiting frames pass ${PAUSE_AT_BYTES} bytes`, async () => {
    const { conn, reading, send, grant } = held()
    send({ type: 'message', content: 'x'.repeat(PAUSE_AT_BYTES) })
    expect(reading.pauses).toBe(1)
    grant()
    await conn.idle()
    expect(reading.isPaused).toBe(false)
  })

  it(`refuses frames past ${REFUSE_AT} waiting, but still answers pings`, async () => {
    const { conn, peer, send, grant } = held()
    for (let i = 0; i < REFUSE_AT; i++) send({ type: 'typing' })
    expect(peer.frames).toEqual([])
    send({ type: 'typing' })
    send({ type: 'ping' })
    expect(peer.frames).toEqual([
      expect.objectContaining({
        code: 'rate_limited',
        message: 'Too many frames at once. Slow down.',
      }),
      { type: 'pong' },
    ])
    grant()
    await conn.idle()
    expect(peer.frames).toHaveLength(REFUSE_AT + 2)
  })
})
