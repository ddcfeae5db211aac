/**
 * One suite every Store implementation runs: what the domain may rely on, whatever
 * the store. Factories must build their store with `historyLimit: CONTRACT_HISTORY_LIMIT`.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { MessageFrame, StoredFrame, TypingFrame } from '../../../protocol/index.js'
import type { RoomEvent, Store } from './store.js'

export const CONTRACT_HISTORY_LIMIT = 20

export type StoreFactory = () => Promise<{ store: Store; cleanup(): Promise<void> }>

const HOUR = 3_600_000

export function draft(content: string, sender = 'alice'): Omit<MessageFrame, 'id'> {
  return {
    type: 'message',
    sender,
    avatar: 'fox',
    content,
    timestamp: new Date().toISOString(),
  }
}

export async function newRoom(store: Store, ttlMs = HOUR): Promise<string> {
  const id = randomUUID()
  const now = Date.now()
  await store.createRoom({ id, createdAt: now, expiresAt: now + ttlMs })
  return id
}

/** Polls until `check` stops throwing (or gives up with its last error). */
export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      check()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

/** Subscribes and records every event of the room. */
export async function record(store: Store, roomId: string) {
  const events: RoomEvent[] = []
  const stop = await store.subscribe(roomId, (event) => events.push(event))
  return { events, stop, frames: () => events.map((e) => e.frame) }
}

export function registerStoreContractTests(name: string, makeStore: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store
    let cleanup: () => Promise<void>

    beforeAll(async () => {
      ;({ store, cleanup } = await makeStore())
    })
    afterAll(async () => {
      await cleanup()
    })

    describe('rooms', () => {
      it('returns a created room', async () => {
        const room = { id: randomUUID(), createdAt: Date.now(), expiresAt: Date.now() + HOUR }
        await store.createRoom(room)
        expect(await store.getRoom(room.id)).toEqual(room)
      })

      it('answers an unknown room with null and empty lists', async () => {
        const id = randomUUID()
        expect(await store.getRoom(id)).toBeNull()
        expect(await store.append(id, draft('hi'))).toBeNull()
        expect(await store.history(id, 0, 10)).toEqual([])
        expect(await store.message(id, 1)).toBeNull()
        expect(await store.members(id)).toEqual([])
        expect(await store.addMember(id, { name: 'a', avatar: '', connId: 'c' }, 10)).toEqual({
          ok: false,
          reason: 'room_not_found',
        })
        expect(await store.removeMember(id, 'a', 'c')).toBe(false)
      })

      it('answers ping', async () => {
        await expect(store.ping()).resolves.toBeUndefined()
      })
    })

    registerMessageTests(() => store)
    registerMemberTests(() => store)
    registerEventTests(() => store)
    registerExpiryTests(() => store)
  })
}

function registerMessageTests(getStore: () => Store): void {
  describe('messages', () => {
    it('assigns ids 1, 2, 3 and keeps every field', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const first = await store.append(room, {
        ...draft('one'),
        mentions: ['bob'],
        reply_to: { id: 7, sender: 'bob', excerpt: 'x' },
        client_id: 'c1',
      })
      const system = await store.append(room, {
        type: 'system',
        sender: '__system__',
        content: 'bob joined the chat',
        timestamp: new Date().toISOString(),
        event: 'join',
        name: 'bob',
      })
      const third = await store.append(room, draft('three ünïcødé 🎉 "quoted" </script>'))
      expect(first).toMatchObject({ id: 1, content: 'one', mentions: ['bob'], client_id: 'c1' })
      expect(first?.type === 'message' && first.reply_to).toEqual({
        id: 7,
        sender: 'bob',
        excerpt: 'x',
      })
      expect(system).toMatchObject({ id: 2, type: 'system', event: 'join', name: 'bob' })
      expect(third).toMatchObject({ id: 3, content: 'three ünïcødé 🎉 "quoted" </script>' })
      expect(await store.history(room, 0, 100)).toEqual([first, system, third])
    })

    it('assigns ids in call order to 200 concurrent appends, and every subscriber sees that order', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const a = await record(store, room)
      const b = await record(store, room)
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => store.append(room, draft(`m${i}`))),
      )
      expect(results.map((m) => m?.id)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1))
      expect(results.map((m) => m?.content)).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`))
      await eventually(() => expect(a.events).toHaveLength(200))
      await eventually(() => expect(b.events).toHaveLength(200))
      for (const sub of [a, b]) {
        expect(sub.frames()).toEqual(results)
      }
      await a.stop()
      await b.stop()
    })

    it('returns history after an id, the latest `limit` of it, oldest first', async () => {
      const store = getStore()
      const room = await newRoom(store)
      for (let i = 1; i <= 10; i++) await store.append(room, draft(`m${i}`))
      const ids = async (after: number, limit: number) =>
        (await store.history(room, after, limit)).map((m) => m.id)
      expect(await ids(0, 100)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
      expect(await ids(7, 100)).toEqual([8, 9, 10])
      expect(await ids(0, 3)).toEqual([8, 9, 10])
      expect(await ids(2, 4)).toEqual([7, 8, 9, 10])
      expect(await ids(10, 100)).toEqual([])
      expect(await ids(0, 0)).toEqual([])
    })

    it(`keeps only the latest historyLimit (${CONTRACT_HISTORY_LIMIT}) messages and never reuses ids`, async () => {
      const store = getStore()
      const room = await newRoom(store)
      const total = CONTRACT_HISTORY_LIMIT + 5
      for (let i = 1; i <= total; i++) await store.append(room, draft(`m${i}`))
      const kept = await store.history(room, 0, 1000)
      expect(kept.map((m) => m.id)).toEqual(
        Array.from({ length: CONTRACT_HISTORY_LIMIT }, (_, i) => i + 6),
      )
      expect(await store.message(room, 5)).toBeNull()
      expect((await store.append(room, draft('next')))?.id).toBe(total + 1)
    })

    it('finds one message by id', async () => {
      const store = getStore()
      const room = await newRoom(store)
      await store.append(room, draft('first'))
      const second = (await store.append(room, draft('second'))) as StoredFrame
      await store.append(room, draft('third'))
      expect(await store.message(room, 2)).toEqual(second)
      expect(await store.message(room, 4)).toBeNull()
      expect(await store.message(room, 0)).toBeNull()
    })
  })
}

function registerMemberTests(getStore: () => Store): void {
  describe('members', () => {
    it('keeps members in join order and refuses a taken name case-insensitively', async () => {
      const store = getStore()
      const room = await newRoom(store)
      await store.addMember(room, { name: 'Alice', avatar: 'fox', connId: 'c1' }, 10)
      await store.addMember(room, { name: 'bob', avatar: '', connId: 'c2' }, 10)
      const carol = await store.addMember(room, { name: 'Carol', avatar: 'owl', connId: 'c3' }, 10)
      const list = [
        { name: 'Alice', avatar: 'fox' },
        { name: 'bob', avatar: '' },
        { name: 'Carol', avatar: 'owl' },
      ]
      expect(carol).toEqual({ ok: true, members: list })
      expect(await store.members(room)).toEqual(list)
      for (const name of ['alice', 'ALICE', 'Bob']) {
        expect(await store.addMember(room, { name, avatar: '', connId: 'c9' }, 10)).toEqual({
          ok: false,
          reason: 'name_taken',
        })
      }
      expect(await store.members(room)).toEqual(list)
    })

    it('refuses a member when the room has maxMembers', async () => {
      const store = getStore()
      const room = await newRoom(store)
      await store.addMember(room, { name: 'a', avatar: '', connId: 'c1' }, 2)
      await store.addMember(room, { name: 'b', avatar: '', connId: 'c2' }, 2)
      expect(await store.addMember(room, { name: 'c', avatar: '', connId: 'c3' }, 2)).toEqual({
        ok: false,
        reason: 'room_full',
      })
      expect(await store.removeMember(room, 'a', 'c1')).toBe(true)
      expect(await store.addMember(room, { name: 'c', avatar: '', connId: 'c3' }, 2)).toMatchObject(
        {
          ok: true,
        },
      )
    })

    it('removes a member only for the connection that holds the name', async () => {
      const store = getStore()
      const room = await newRoom(store)
      await store.addMember(room, { name: 'Alice', avatar: 'fox', connId: 'old' }, 10)
      await store.addMember(room, { name: 'Bob', avatar: '', connId: 'b' }, 10)
      expect(await store.removeMember(room, 'Alice', 'stale')).toBe(false)
      expect(await store.members(room)).toHaveLength(2)
      expect(await store.removeMember(room, 'alice', 'old')).toBe(true)
      expect(await store.removeMember(room, 'Alice', 'old')).toBe(false)
      expect(await store.members(room)).toEqual([{ name: 'Bob', avatar: '' }])
      // Rejoining puts the name at the end of the join order.
      await store.addMember(room, { name: 'Alice', avatar: 'owl', connId: 'new' }, 10)
      expect((await store.members(room)).map((m) => m.name)).toEqual(['Bob', 'Alice'])
    })
  })
}

function registerEventTests(getStore: () => Store): void {
  describe('events', () => {
    it('publishes a users frame on each membership change, and none when nothing changed', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const sub = await record(store, room)
      await store.addMember(room, { name: 'Alice', avatar: 'fox', connId: 'a' }, 10)
      await store.addMember(room, { name: 'alice', avatar: '', connId: 'x' }, 10)
      await store.addMember(room, { name: 'Bob', avatar: '', connId: 'b' }, 10)
      await store.removeMember(room, 'Alice', 'stale')
      await store.removeMember(room, 'Alice', 'a')
      await store.removeMember(room, 'Bob', 'b')
      const users = (content: { name: string; avatar: string }[]) => ({
        type: 'users',
        sender: '__user_list__',
        content,
      })
      await eventually(() => expect(sub.events).toHaveLength(4))
      expect(sub.frames()).toEqual([
        users([{ name: 'Alice', avatar: 'fox' }]),
        users([
          { name: 'Alice', avatar: 'fox' },
          { name: 'Bob', avatar: '' },
        ]),
        users([{ name: 'Bob', avatar: '' }]),
        users([]),
      ])
      await sub.stop()
    })

    it('delivers typing frames without storing them', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const sub = await record(store, room)
      const typing: TypingFrame = { type: 'typing', sender: '__typing__', content: 'Alice' }
      await store.publish(room, typing)
      await eventually(() => expect(sub.frames()).toEqual([typing]))
      expect(await store.history(room, 0, 100)).toEqual([])
      await sub.stop()
    })

    it('hands every listener the same event, its JSON serialized once', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const a = await record(store, room)
      const b = await record(store, room)
      const stored = await store.append(room, draft('hello'))
      await eventually(() => expect(b.events).toHaveLength(1))
      expect(a.events[0]).toBe(b.events[0])
      expect(a.events[0]?.frame).toEqual(stored)
      expect(JSON.parse(a.events[0]!.json)).toEqual(stored)
      await a.stop()
      await b.stop()
    })

    it('keeps delivering to other listeners when one throws', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const reported = vi.spyOn(console, 'error').mockImplementation(() => {})
      const boom = new Error('listener failed')
      const before = await record(store, room)
      const stopThrowing = await store.subscribe(room, () => {
        throw boom
      })
      const after = await record(store, room)
      try {
        await store.append(room, draft('one'))
        await store.append(room, draft('two'))
        await eventually(() => expect(after.events).toHaveLength(2))
        expect(before.events).toHaveLength(2)
        expect(reported).toHaveBeenCalledWith(boom)
      } finally {
        reported.mockRestore()
        await Promise.all([before.stop(), stopThrowing(), after.stop()])
      }
    })

    it('stops delivering to a listener once it unsubscribed', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const leaving = await record(store, room)
      const staying = await record(store, room)
      await store.append(room, draft('one'))
      await eventually(() => expect(leaving.events).toHaveLength(1))
      await leaving.stop()
      await store.append(room, draft('two'))
      await store.publish(room, { type: 'typing', sender: '__typing__', content: 'x' })
      await eventually(() => expect(staying.events).toHaveLength(3))
      expect(leaving.events).toHaveLength(1)
      await staying.stop()

      // With no listener left, resubscribing starts delivery again.
      const again = await record(store, room)
      await store.append(room, draft('three'))
      await eventually(() => expect(again.frames()).toMatchObject([{ id: 3 }]))
      await again.stop()
    })
  })
}

function registerExpiryTests(getStore: () => Store): void {
  describe('expiry', () => {
    it('forgets a room, its messages and members when its time is up', async () => {
      const store = getStore()
      const room = await newRoom(store, 1500)
      await store.append(room, draft('soon gone'))
      await store.addMember(room, { name: 'Alice', avatar: '', connId: 'a' }, 10)
      expect(await store.getRoom(room)).not.toBeNull()
      await new Promise((resolve) => setTimeout(resolve, 1700))
      expect(await store.getRoom(room)).toBeNull()
      expect(await store.history(room, 0, 100)).toEqual([])
      expect(await store.message(room, 1)).toBeNull()
      expect(await store.members(room)).toEqual([])
      expect(await store.append(room, draft('too late'))).toBeNull()
      expect(await store.addMember(room, { name: 'Bob', avatar: '', connId: 'b' }, 10)).toEqual({
        ok: false,
        reason: 'room_not_found',
      })
    })

    it('treats a room whose time has passed as gone', async () => {
      const store = getStore()
      const id = randomUUID()
      await store.createRoom({ id, createdAt: Date.now() - HOUR, expiresAt: Date.now() - 1 })
      expect(await store.getRoom(id)).toBeNull()
      expect(await store.append(id, draft('x'))).toBeNull()
    })
  })
}
