/**
 * A join overtaken by the end of its connection (issue 19): the join timeout, a dropped
 * connection, or the process shutting down while the join waits on the store. The store's
 * `addMember` is held at a gate, so each losing order is forced, not hoped for: the session
 * ends while its name is being added, then the gate opens. The room must never see the
 * member (no "joined", no "left"), and the name must be free again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GatedStore, RecordingPeer, TEST_LIMITS, memberOf, silentLog } from './__tests__/fakes.js'
import { RoomHub } from './room-hub.js'
import { membersOf } from '../store/__tests__/members-of.js'

let store: GatedStore
let hub: RoomHub
const roomId = 'room-0123456789'

beforeEach(async () => {
  store = new GatedStore({ historyLimit: TEST_LIMITS.historyLimit })
  hub = new RoomHub(store, { limits: TEST_LIMITS, cleanupIntervalSeconds: 3600 }, silentLog)
  const now = Date.now()
  await store.createRoom({
    id: roomId,
    createdAt: now,
    expiresAt: now + 3_600_000,
    encrypted: false,
  })
})
afterEach(async () => {
  await hub.shutdown(1012, 'test over')
  await store.close()
})

/** Alice joins and stays; Bob's join is held at the gate until `overtake` has ended it. */
async function overtakenJoin(overtake: (bob: ReturnType<typeof memberOf>) => Promise<void>) {
  const alice = new RecordingPeer()
  await memberOf(hub, roomId, alice).join({ type: 'join', sender: 'Alice' })
  const seenBefore = alice.frames.length
  store.held = true
  const bob = new RecordingPeer()
  const session = memberOf(hub, roomId, bob)
  const joining = session.join({ type: 'join', sender: 'Bob' })
  await store.arrived
  await overtake(session)
  store.release()
  await joining
  await session.leave()
  return { alice, bob, after: alice.frames.slice(seenBefore), session }
}

async function expectNeverSeen(result: Awaited<ReturnType<typeof overtakenJoin>>) {
  expect(result.bob.frames.map((f) => f.type)).not.toContain('joined')
  expect(result.session.joined).toBe(false)
  // No notice about Bob reached Alice (his name was in the member list for a moment: the
  // store publishes each change of it), and the last list she got is without him.
  expect(result.after.filter((f) => f.type !== 'users')).toEqual([])
  const lists = result.after.filter((f) => f.type === 'users')
  expect(lists.at(-1)).toMatchObject({ content: [{ name: 'Alice' }] })
  expect(await membersOf(store, roomId)).toEqual([{ name: 'Alice', avatar: '' }])
  // The name is free: Bob can join now.
  const again = new RecordingPeer()
  await memberOf(hub, roomId, again).join({ type: 'join', sender: 'Bob' })
  expect(again.frames[0]?.type).toBe('joined')
}

describe('a join overtaken by the end of its connection', () => {
  it('the join timeout fires while the name is being added', async () => {
    const result = await overtakenJoin(async (bob) => bob.member.end(4000, 'No join frame in time'))
    expect(result.bob.closed?.code).toBe(4000)
    await expectNeverSeen(result)
  })

  it('the connection drops while the name is being added', async () => {
    const result = await overtakenJoin(async (bob) => bob.member.connectionLost())
    await expectNeverSeen(result)
  })

  it('the process shuts down while the name is being added', async () => {
    const alice = new RecordingPeer()
    await memberOf(hub, roomId, alice).join({ type: 'join', sender: 'Alice' })
    store.held = true
    const bob = new RecordingPeer()
    const session = memberOf(hub, roomId, bob)
    const joining = session.join({ type: 'join', sender: 'Bob' })
    await store.arrived
    const down = hub.shutdown(1012, 'Server restarting')
    store.release()
    await joining
    await down
    expect(bob.frames.map((f) => f.type)).not.toContain('joined')
    expect(bob.closed?.code).toBe(1012)
    // Alice left with the shutdown; Bob was never added for good.
    expect(await membersOf(store, roomId)).toEqual([])
  })
})
