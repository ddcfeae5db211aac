/** Store contract: ids, history and its limit, one message by id. */
import { describe, expect, it } from 'vitest'
import type { StoredFrame } from '../../../protocol/index.js'
import type { Store } from '../../src/store/store.js'
import { CONTRACT_HISTORY_LIMIT, draft, eventually, newRoom, record } from './contract-helpers.js'

export function registerMessageTests(getStore: () => Store): void {
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
