/** Store contract: room events, in one order, to every subscriber. */
import { describe, expect, it, vi } from 'vitest'
import type { TypingFrame } from '../../../protocol/index.js'
import type { Store } from '../../src/store/store.js'
import { draft, eventually, newRoom, record } from './contract-helpers.js'

export function registerEventTests(getStore: () => Store): void {
  describe('events', () => {
    it('publishes a users frame on each membership change, and none when nothing changed', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const sub = await record(store, room)
      await store.addMember(room, { name: 'Alice', key: 'alice', avatar: 'fox', connId: 'a' }, 10)
      await store.addMember(room, { name: 'alice', key: 'alice', avatar: '', connId: 'x' }, 10)
      await store.addMember(room, { name: 'Bob', key: 'bob', avatar: '', connId: 'b' }, 10)
      await store.removeMember(room, 'alice', 'stale')
      await store.removeMember(room, 'alice', 'a')
      await store.removeMember(room, 'bob', 'b')
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
