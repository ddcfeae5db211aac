/**
 * A member changes its name or avatar without leaving: one notice for the others, the
 * member told with `renamed`, its place and its powers kept; refused like a join's name.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SystemFrame } from '../../../protocol/index.js'
import { MemoryStore } from '../store/memory-store.js'
import { membersOf } from '../store/__tests__/members-of.js'
import { RecordingPeer, TEST_LIMITS, memberOf, silentLog } from './__tests__/fakes.js'
import { RoomHub } from './room-hub.js'

let store: MemoryStore
let hub: RoomHub
const roomId = 'room-rename'

beforeEach(async () => {
  store = new MemoryStore({ historyLimit: TEST_LIMITS.historyLimit })
  const now = Date.now()
  await store.createRoom({ id: roomId, createdAt: now, expiresAt: now + 60_000, encrypted: false })
  hub = new RoomHub(store, { limits: TEST_LIMITS, cleanupIntervalSeconds: 3600 }, silentLog)
})
afterEach(async () => {
  await hub.shutdown(1012, 'test over')
  await store.close()
})

async function joined(name: string) {
  const peer = new RecordingPeer()
  const session = memberOf(hub, roomId, peer)
  await session.join({ type: 'join', sender: name })
  return { peer, session }
}

const notices = (peer: RecordingPeer) =>
  peer.frames.filter((f): f is SystemFrame => f.type === 'system').map((f) => f.content)

describe('renaming', () => {
  it('tells the others once ("Ben is now Benjamin") and the member with `renamed`, in its place', async () => {
    const alice = await joined('Alice')
    const ben = await joined('Ben')
    await ben.session.rename({ type: 'rename', sender: ' Benjamin ', avatar: 'fox' })
    expect(ben.peer.frames).toContainEqual({ type: 'renamed', name: 'Benjamin', avatar: 'fox' })
    expect(notices(alice.peer)).toEqual([
      'Alice joined the chat',
      'Ben joined the chat',
      'Ben is now Benjamin',
    ])
    const last = alice.peer.frames.filter((f) => f.type === 'system').at(-1)
    expect(last).toMatchObject({ event: 'rename', name: 'Benjamin', from: 'Ben' })
    expect(await membersOf(store, roomId)).toEqual([
      { name: 'Alice', avatar: '' },
      { name: 'Benjamin', avatar: 'fox' },
    ])
    // Speaks under the new name, and leaves under it.
    await ben.session.chat({ type: 'message', content: 'hello' })
    expect(alice.peer.messages().at(-1)).toMatchObject({ sender: 'Benjamin', content: 'hello' })
    await ben.session.leave()
    expect(notices(alice.peer).at(-1)).toBe('Benjamin left the chat')
    // The old name was free from the rename on.
    expect((await joined('Ben')).session.joined).toBe(true)
  })

  it('changes an avatar alone without a notice', async () => {
    const alice = await joined('Alice')
    await alice.session.rename({ type: 'rename', sender: 'Alice', avatar: 'cat' })
    expect(alice.peer.frames.at(-1)).toEqual({ type: 'renamed', name: 'Alice', avatar: 'cat' })
    expect(notices(alice.peer)).toEqual(['Alice joined the chat'])
    expect(await membersOf(store, roomId)).toEqual([{ name: 'Alice', avatar: 'cat' }])
  })

  it('refuses a name someone else has (or one like it), and a bad name, keeping the old one', async () => {
    const alice = await joined('Alice')
    const ben = await joined('Ben')
    await expect(ben.session.rename({ type: 'rename', sender: 'ALICE' })).rejects.toMatchObject({
      code: 'name_taken',
    })
    await expect(ben.session.rename({ type: 'rename', sender: '   ' })).rejects.toMatchObject({
      code: 'invalid_name',
    })
    expect(await membersOf(store, roomId)).toEqual([
      { name: 'Alice', avatar: '' },
      { name: 'Ben', avatar: '' },
    ])
    expect(notices(alice.peer)).toEqual(['Alice joined the chat', 'Ben joined the chat'])
  })

  it('is refused before joining', async () => {
    const session = memberOf(hub, roomId, new RecordingPeer())
    await expect(session.rename({ type: 'rename', sender: 'Eve' })).rejects.toMatchObject({
      code: 'not_joined',
    })
  })
})
