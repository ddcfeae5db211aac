/**
 * The domain alone: a member in its room, driven with a recording peer on the memory store,
 * with no socket and no HTTP. Each test names the behaviour it would catch breaking.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ServerFrame, StoredFrame } from '../../../protocol/index.js'
import { MemoryStore } from '../store/memory-store.js'
import type { Store } from '../store/store.js'
import { notice } from './frames.js'
import type { RoomLimits } from './limits.js'
import type { Outgoing, Peer } from './peer.js'
import { RoomHub } from './room-hub.js'
import { Room } from './room.js'
import { USERS_THROTTLE_ABOVE } from './member-list-throttle.js'
import { memberOf } from './__tests__/fakes.js'
import { membersOf } from '../store/__tests__/members-of.js'

const LIMITS: RoomLimits = {
  messageMaxChars: 100,
  nameMaxChars: 32,
  messagesPerSecond: 1,
  messageBurst: 20,
  membersPerRoom: 10,
  historyLimit: 100,
  typingThrottleMs: 2000,
  replyExcerptChars: 10,
  maxFileBytes: 1024 * 1024,
  roomFileBytes: 4 * 1024 * 1024,
}

/** A peer that keeps every frame it is sent, decoded, and how it was closed. */
class RecordingPeer implements Peer {
  readonly frames: ServerFrame[] = []
  closed: { code: number; reason: string } | undefined
  send(frame: Outgoing): void {
    this.frames.push(JSON.parse(frame.json) as ServerFrame)
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason }
  }
  types(): string[] {
    return this.frames.map((f) => f.type)
  }
  messages(): StoredFrame[] {
    return this.frames.flatMap((f) =>
      f.type === 'history' ? f.messages : f.type === 'message' || f.type === 'system' ? [f] : [],
    )
  }
}

let store: MemoryStore
let hub: RoomHub
let hubs: RoomHub[] = []
let roomId: string

/** A hub (what gives sessions their room) on `on`; several may share one store. */
function build(on: Store = store, limits: Partial<RoomLimits> = {}): RoomHub {
  const log = { info: () => {}, warn: () => {}, error: () => {} }
  const made = new RoomHub(
    on,
    { limits: { ...LIMITS, ...limits }, cleanupIntervalSeconds: 3600 },
    log,
  )
  hubs.push(made)
  return made
}

async function joined(
  name: string,
  extra: { avatar?: string; last_id?: number } = {},
  via: RoomHub = hub,
) {
  const peer = new RecordingPeer()
  const session = memberOf(via, roomId, peer)
  await session.join({ type: 'join', sender: name, ...extra })
  return { peer, session }
}

const chat = (content: string, extra: object = {}) => ({
  type: 'message' as const,
  content,
  ...extra,
})

beforeEach(async () => {
  store = new MemoryStore({ historyLimit: LIMITS.historyLimit })
  hub = build()
  roomId = 'room-0123456789'
  const now = Date.now()
  await store.createRoom({
    id: roomId,
    createdAt: now,
    expiresAt: now + 3_600_000,
    encrypted: false,
  })
})
afterEach(async () => {
  vi.useRealTimers()
  await Promise.all(hubs.map((h) => h.shutdown(1012, 'test over')))
  hubs = []
  await store.close()
})

describe('a member in its room', () => {
  it('resolves mentions against the newest member list, even while a big room throttles lists', async () => {
    const room = new Room(roomId, {
      store,
      limits: LIMITS,
      reconnectGraceMs: 0,
      afterGrace: () => {},
    })
    for (let i = 0; i <= USERS_THROTTLE_ABOVE; i++)
      room.members.add(hub.member(roomId, new RecordingPeer()))
    for (const names of [['Ana'], ['Ana', 'Ben'], ['Ana', 'Ben', 'Chloé']]) {
      const content = names.map((name) => ({ name, avatar: '' }))
      const frame = { type: 'users', sender: '__user_list__', content } as const
      room.dispatch({ frame, json: JSON.stringify(frame) + ' '.repeat(1024 * 1024) })
    }
    expect(room.memberName('CHLOÉ')).toBe('Chloé')
    await room.close()
  })

  it('joins: joined, then history, then the member list and its own join notice', async () => {
    const { peer, session } = await joined('Alice', { avatar: 'afro' })
    expect(session.joined).toBe(true)
    expect(peer.types()).toEqual(['joined', 'history', 'users', 'system'])
    expect(peer.frames[0]).toMatchObject({
      name: 'Alice',
      avatar: 'afro',
      room: { room_id: roomId },
      limits: { message_max_chars: 100, message_burst: 20 },
    })
    expect(await membersOf(store, roomId)).toEqual([{ name: 'Alice', avatar: 'afro' }])
    expect(peer.frames[2]).toMatchObject({ content: [{ name: 'Alice', avatar: 'afro' }] })
    expect(peer.frames[3]).toMatchObject({ type: 'system', event: 'join', name: 'Alice' })

    const bob = await joined('Bob')
    expect(peer.frames.at(-2)).toMatchObject({
      type: 'users',
      content: [{ name: 'Alice' }, { name: 'Bob' }],
    })
    expect(peer.frames.at(-1)).toMatchObject({ type: 'system', name: 'Bob' })
    expect(bob.peer.types()).toEqual(['joined', 'history', 'users', 'system'])
  })

  it('sends the earlier messages as history, oldest first', async () => {
    const alice = await joined('Alice')
    await alice.session.chat(chat('one'))
    await alice.session.chat(chat('two'))
    const bob = await joined('Bob')
    const history = bob.peer.frames[1]
    expect(history?.type).toBe('history')
    const contents = history?.type === 'history' ? history.messages.map((m) => m.content) : []
    expect(contents).toEqual(['Alice joined the chat', 'one', 'two'])
  })

  it('on resume, sends exactly what came after last_id and never a message twice', async () => {
    const alice = await joined('Alice')
    for (const text of ['one', 'two', 'three']) await alice.session.chat(chat(text))
    // ids: 1 join notice, 2 one, 3 two, 4 three
    const back = await joined('Back', { last_id: 2 })
    expect(back.peer.messages().map((m) => m.id)).toEqual([3, 4, 5])

    // A live event the member already has (it was in the history) is not sent again.
    const [three] = await store.history(roomId, 3, 1)
    back.session.deliver({ frame: three!, json: JSON.stringify(three) })
    await alice.session.chat(chat('four'))
    expect(back.peer.messages().map((m) => m.id)).toEqual([3, 4, 5, 6])
  })

  it('on resume with a last_id beyond the room, trusts it only up to the latest id', async () => {
    const alice = await joined('Alice')
    await alice.session.chat(chat('one'))
    const back = await joined('Back', { last_id: 99 })
    expect(back.peer.messages().map((m) => m.id)).toEqual([3])
    await alice.session.chat(chat('after'))
    expect(back.peer.messages().at(-1)).toMatchObject({ id: 4, content: 'after' })
  })

  it('holds events that arrive while joining until history is sent, then delivers them', async () => {
    const alice = await joined('Alice')
    // A store whose history read lets another member speak first.
    const racing: Store = Object.create(store, {
      history: {
        value: async (...args: Parameters<Store['history']>) => {
          const before = await store.history(...args)
          await alice.session.chat(chat('said during the join'))
          return before
        },
      },
    })
    const a2 = await joined('Alice2', {}, build(racing))
    const types = a2.peer.types()
    expect(types.slice(0, 2)).toEqual(['joined', 'history'])
    const live = a2.peer.frames.slice(2).filter((f) => f.type === 'message')
    expect(live).toMatchObject([{ content: 'said during the join' }])
  })

  it('undoes a failed join: the name is free again and the session may join once more', async () => {
    let down = true
    const failing: Store = Object.create(store, {
      history: {
        value: async (...args: Parameters<Store['history']>) =>
          down ? Promise.reject(new Error('store down')) : store.history(...args),
      },
    })
    const failingHub = build(failing)
    const peer = new RecordingPeer()
    const session = memberOf(failingHub, roomId, peer)
    await expect(session.join({ type: 'join', sender: 'Alice' })).rejects.toThrow('store down')
    expect(await membersOf(store, roomId)).toEqual([])
    expect(memberCount(failingHub)).toBe(0)
    expect(session.joined).toBe(false)
    expect(peer.frames).toEqual([])

    // The session is back where it started: its next join (here, once the store answers) works.
    down = false
    await session.join({ type: 'join', sender: 'Alice' })
    expect(session.joined).toBe(true)
    expect(await membersOf(store, roomId)).toEqual([{ name: 'Alice', avatar: '' }])
  })

  it('refuses a join with a taken name, a bad avatar, or twice', async () => {
    const { session } = await joined('Alice')
    await expect(joined('alice')).rejects.toMatchObject({ code: 'name_taken' })
    await expect(joined('Bob', { avatar: '<b>' })).rejects.toMatchObject({ code: 'invalid_avatar' })
    await expect(session.join({ type: 'join', sender: 'Alice' })).rejects.toMatchObject({
      code: 'already_joined',
    })
    expect(await membersOf(store, roomId)).toEqual([{ name: 'Alice', avatar: '' }])
  })

  it('rate-limits chat: a burst, then one message per second', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const { session } = await joined('Alice', {}, build(store, { messageBurst: 3 }))
    for (let i = 0; i < 3; i++) await session.chat(chat(`m${i}`))
    await expect(session.chat(chat('too fast'))).rejects.toMatchObject({ code: 'rate_limited' })
    vi.setSystemTime(Date.now() + 1000)
    await session.chat(chat('after a second'))
    await expect(session.chat(chat('too fast again'))).rejects.toMatchObject({
      code: 'rate_limited',
    })
    const contents = (await store.history(roomId, 0, 100)).map((m) => m.content)
    expect(contents).not.toContain('too fast')
    expect(contents).toContain('after a second')
  })

  it('relays typing to the others only, at most once per throttle interval', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const alice = await joined('Alice')
    const bob = await joined('Bob')
    const typing = (p: RecordingPeer) => p.frames.filter((f) => f.type === 'typing')
    await alice.session.typing()
    await alice.session.typing()
    expect(typing(bob.peer)).toEqual([{ type: 'typing', sender: '__typing__', content: 'Alice' }])
    expect(typing(alice.peer)).toEqual([])
    vi.setSystemTime(Date.now() + LIMITS.typingThrottleMs)
    await alice.session.typing()
    expect(typing(bob.peer)).toHaveLength(2)
  })

  it('checks messages: joined first, not empty, not too long, replies quote an excerpt', async () => {
    const loner = memberOf(hub, roomId, new RecordingPeer())
    await expect(loner.chat(chat('hi'))).rejects.toMatchObject({ code: 'not_joined' })
    const { peer, session } = await joined('Alice')
    await expect(session.chat(chat('   '))).rejects.toMatchObject({ code: 'empty_message' })
    await expect(session.chat(chat('x'.repeat(101)))).rejects.toMatchObject({
      code: 'message_too_long',
    })
    await session.chat(chat('a long message   to quote'))
    await session.chat(chat('reply', { reply_to: 2, mentions: ['@alice', 'nobody'] }))
    expect(peer.frames.at(-1)).toMatchObject({
      content: 'reply',
      mentions: ['Alice'],
      reply_to: { id: 2, sender: 'Alice', excerpt: 'a long me…' },
    })
    await expect(session.chat(chat('x', { reply_to: 1 }))).rejects.toMatchObject({
      code: 'reply_not_found',
    })
  })

  it('leaves: the name is given back, the room told once, nothing more delivered', async () => {
    const alice = await joined('Alice')
    const bob = await joined('Bob')
    await bob.session.leave()
    await bob.session.leave()
    expect(await membersOf(store, roomId)).toEqual([{ name: 'Alice', avatar: '' }])
    const leaves = alice.peer.frames.filter((f) => f.type === 'system' && f.event === 'leave')
    const { timestamp: _, ...expected } = notice('Bob', 'leave')
    expect(leaves).toEqual([expect.objectContaining(expected)])
    const seen = bob.peer.frames.length
    await alice.session.chat(chat('after Bob left'))
    expect(bob.peer.frames).toHaveLength(seen)
    expect(memberCount(hub)).toBe(1)
    await joined('Bob')
    expect((await membersOf(store, roomId)).map((m) => m.name)).toEqual(['Alice', 'Bob'])
  })
})

/** Members joined or joining on the hub: read from its rooms, which it does not expose. */
function memberCount(hub: RoomHub): number {
  const { rooms } = hub as unknown as { rooms: Map<string, { members: Set<unknown> }> }
  let n = 0
  for (const room of rooms.values()) n += room.members.size
  return n
}
