/**
 * The connection core alone: text frames in, frames and close codes out, through a
 * recording peer on the memory store, with no socket. Dispatch, error frames, close
 * codes, the join timer (fake timers), leaving, and what is logged. What happens while
 * something is in flight (a held join, a held permit, a full queue) is in
 * `connection-races.test.ts`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MemoryStore } from '../store/memory-store.js'
import { RecordingPeer, TEST_LIMITS } from './__tests__/fakes.js'
import { StoreUnavailable } from './errors.js'
import { Connection, type ConnectionOptions, type Reading } from './connection.js'
import type { RoomLimits } from './limits.js'
import { RoomHub } from './room-hub.js'
import { RoomService } from './room-service.js'
import { membersOf } from '../store/__tests__/members-of.js'

const LIMITS: RoomLimits = { ...TEST_LIMITS, membersPerRoom: 2 }
const JOIN_TIMEOUT_MS = 10_000
const GRACE_SECONDS = 30

/** A logger that keeps what it is given, to check that no name, room or content is in it. */
function recordingLog() {
  const entries: { level: string; obj: object; msg: string | undefined }[] = []
  const at = (level: string) => (obj: object, msg?: string) =>
    void entries.push({ level, obj, msg })
  return { entries, info: at('info'), warn: at('warn'), error: at('error') }
}

/** A memory store that can be told to fail appends or removals. */
class FaultyStore extends MemoryStore {
  appendFails: Error | undefined
  removeFails: Error | undefined
  override async append(...args: Parameters<MemoryStore['append']>) {
    if (this.appendFails) throw this.appendFails
    return super.append(...args)
  }
  override async removeMember(...args: Parameters<MemoryStore['removeMember']>) {
    if (this.removeFails) throw this.removeFails
    return super.removeMember(...args)
  }
}

let store: FaultyStore
let hub: RoomHub
let rooms: RoomService
let roomId: string
let creatorToken: string

function connect(options: Partial<ConnectionOptions> = {}) {
  const peer = new RecordingPeer()
  const reading: Reading = { isPaused: false, pause: () => {}, resume: () => {} }
  const log = recordingLog()
  const permit = { releases: 0, release: () => void permit.releases++ }
  const conn = new Connection({
    roomId,
    peer,
    reading,
    hub,
    rooms,
    acquirePermit: async () => permit,
    joinTimeoutMs: JOIN_TIMEOUT_MS,
    log: () => log,
    ...options,
  })
  const send = (frame: object) => conn.receive(JSON.stringify(frame))
  return { conn, peer, reading, log, permit, send }
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  store = new FaultyStore({ historyLimit: LIMITS.historyLimit })
  const quiet = { info: () => {}, warn: () => {}, error: () => {} }
  const options = { limits: LIMITS, cleanupIntervalSeconds: 3600 }
  hub = new RoomHub(store, { ...options, reconnectGraceSeconds: GRACE_SECONDS }, quiet)
  rooms = new RoomService(store, { defaultSeconds: 3600, minSeconds: 60, maxSeconds: 3600 })
  const created = await rooms.create()
  roomId = created.info.room_id
  creatorToken = created.creatorToken
})
afterEach(async () => {
  await hub.shutdown(1012, 'test over')
  await store.close()
  vi.useRealTimers()
})

describe('Connection: frames', () => {
  it('hands frames to the session; counting starts once the join replies are queued', async () => {
    const { conn, peer, send } = connect()
    send({ type: 'join', sender: 'Alice', creator_token: creatorToken })
    send({ type: 'message', content: 'hello', client_id: 'c1' })
    send({ type: 'lock' })
    await conn.idle()
    expect(peer.counting).toBe(true)
    expect(peer.types()).toEqual([
      'joined',
      'history',
      'invitations',
      'users',
      'system',
      'message',
      'room_state',
    ])
    expect(peer.frames[5]).toMatchObject({ content: 'hello', client_id: 'c1' })
  })

  it('answers a bad frame with an error frame and stays open', async () => {
    const { conn, peer, send } = connect()
    conn.receive('{not json')
    conn.receive('[]')
    send({ type: 'shout' })
    send({ type: 'message', content: 'early', client_id: 'c7' })
    conn.receiveBinary()
    send({ type: 'join', sender: 'Alice' })
    await conn.idle()
    expect(peer.control.map((f) => f.type === 'error' && f.code)).toEqual([
      'bad_json',
      'invalid_frame',
      'unknown_type',
      // Refused on arrival, where the chat frame waits its turn behind the room check.
      'binary_not_supported',
      'not_joined',
    ])
    // The sender learns which of its messages was refused.
    expect(peer.control[4]).toMatchObject({ client_id: 'c7' })
    expect(peer.closed).toBeUndefined()
    expect(peer.types()).toContain('joined')
  })

  it('a refused join gets its error frame, then its close code', async () => {
    for (const name of ['A', 'B']) connect().send({ type: 'join', sender: name })
    const { conn, peer, send } = connect()
    send({ type: 'join', sender: 'C' })
    send({ type: 'message', content: 'after the close' })
    await conn.idle()
    expect(peer.control).toEqual([expect.objectContaining({ type: 'error', code: 'room_full' })])
    expect(peer.closed).toEqual({ code: 4009, reason: 'Room full' })
  })

  it('an unknown room is closed with 4004, without an error frame', async () => {
    roomId = 'no-such-room-here'
    const { conn, peer, send } = connect()
    send({ type: 'join', sender: 'Alice' })
    await conn.idle()
    expect(peer.frames).toEqual([])
    expect(peer.closed).toEqual({ code: 4004, reason: 'Room not found' })
  })
})

describe('Connection: its life', () => {
  it('closes with 4000 when no join comes in time, and ignores frames after', async () => {
    const { conn, peer, send } = connect()
    await conn.idle()
    vi.advanceTimersByTime(JOIN_TIMEOUT_MS)
    expect(peer.closed).toEqual({ code: 4000, reason: 'No join frame in time' })
    send({ type: 'join', sender: 'Late' })
    conn.receiveBinary()
    await conn.idle()
    expect(peer.frames).toEqual([])
  })

  it('a member who joined in time is not closed by the join timer', async () => {
    const { conn, peer, send } = connect()
    send({ type: 'join', sender: 'Alice' })
    await conn.idle()
    vi.advanceTimersByTime(JOIN_TIMEOUT_MS * 2)
    expect(peer.closed).toBeUndefined()
  })

  it('refuses a connection past its address limit with 4029, naming nobody in the log', async () => {
    const { conn, peer, log, send } = connect({ acquirePermit: async () => null })
    send({ type: 'join', sender: 'Alice' })
    await conn.idle()
    expect(peer.closed).toEqual({ code: 4029, reason: 'Too many connections from your address' })
    expect(peer.frames).toEqual([])
    expect(log.entries).toEqual([
      { level: 'warn', obj: {}, msg: 'websocket refused: too many sockets from one address' },
    ])
  })

  it('a normal close (1000) leaves at once; another waits for the reconnect grace', async () => {
    const left = connect()
    const dropped = connect()
    left.send({ type: 'join', sender: 'Left', resume: true })
    dropped.send({ type: 'join', sender: 'Dropped', resume: true })
    await Promise.all([left.conn.idle(), dropped.conn.idle()])
    left.conn.disconnected(1000)
    dropped.conn.disconnected(1006)
    await Promise.all([left.conn.idle(), dropped.conn.idle()])
    expect(left.permit.releases).toBe(1)
    expect((await membersOf(store, roomId)).map((m) => m.name)).toEqual(['Dropped'])
    await vi.advanceTimersByTimeAsync(GRACE_SECONDS * 1000)
    expect(await membersOf(store, roomId)).toEqual([])
  })

  it('a member dropped for not reading leaves at once; the log names nobody', async () => {
    const alice = connect()
    const bob = connect()
    alice.send({ type: 'join', sender: 'Alice' })
    bob.send({ type: 'join', sender: 'Bob' })
    await Promise.all([alice.conn.idle(), bob.conn.idle()])
    bob.conn.dropped()
    bob.send({ type: 'message', content: 'too late' })
    await bob.conn.idle()
    expect(alice.peer.frames.at(-1)).toMatchObject({ type: 'system', event: 'leave', name: 'Bob' })
    expect(await membersOf(store, roomId)).toEqual([{ name: 'Alice', avatar: '' }])
    expect(bob.log.entries).toEqual([
      { level: 'warn', obj: {}, msg: 'member dropped: stopped reading' },
    ])
  })

  it('an unexpected failure: an internal error frame, logged with the error only', async () => {
    const { conn, peer, log, send } = connect()
    send({ type: 'join', sender: 'Alice', creator_token: creatorToken })
    await conn.idle()
    const boom = new Error('boom')
    store.appendFails = boom
    send({ type: 'message', content: 'secret words', client_id: 'c9' })
    await conn.idle()
    expect(peer.control).toEqual([
      expect.objectContaining({ type: 'error', code: 'internal', client_id: 'c9' }),
    ])
    expect(log.entries).toEqual([{ level: 'error', obj: { err: boom }, msg: 'chat frame failed' }])

    store.appendFails = undefined
    send({ type: 'destroy' })
    await conn.idle()
    expect(peer.closed?.code).toBe(4010)
    expect(log.entries.at(-1)).toEqual({ level: 'info', obj: {}, msg: 'room closed by its host' })
  })

  it('a failed leave is logged, unless the store is unreachable (it logs that once)', async () => {
    const outage = connect()
    const broken = connect()
    outage.send({ type: 'join', sender: 'Outage' })
    broken.send({ type: 'join', sender: 'Broken' })
    await Promise.all([outage.conn.idle(), broken.conn.idle()])
    store.removeFails = new StoreUnavailable()
    outage.conn.disconnected(1000)
    await outage.conn.idle()
    const bug = new Error('bug')
    store.removeFails = bug
    broken.conn.disconnected(1000)
    await broken.conn.idle()
    expect(outage.log.entries).toEqual([])
    expect(broken.log.entries).toEqual([{ level: 'warn', obj: { err: bug }, msg: 'leave failed' }])
    store.removeFails = undefined
  })
})
