/**
 * Contract cases for appends made in one event-loop turn, which the Redis store sends
 * as one batch: whatever a store does with them, each append keeps its own id, result
 * and error, in call order.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { MessageDraft, Store } from '../../src/store/store.js'
import { CONTRACT_HISTORY_LIMIT, draft, eventually, newRoom, record } from './contract-helpers.js'

const h = { limit: CONTRACT_HISTORY_LIMIT, draft, newRoom, record, eventually }

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i)

export function registerBatchTests(getStore: () => Store): void {
  describe('appends in one turn (one batch on Redis)', () => {
    it('trims a batch that straddles the history limit to the latest messages', async () => {
      const store = getStore()
      const room = await h.newRoom(store)
      const sub = await h.record(store, room)
      const before = h.limit - 3
      for (let i = 1; i <= before; i++) await store.append(room, h.draft(`m${i}`))
      const batch = await Promise.all(
        range(before + 1, before + 10).map((i) => store.append(room, h.draft(`m${i}`))),
      )
      expect(batch.map((m) => m?.id)).toEqual(range(before + 1, before + 10))
      const oldest = before + 10 - h.limit + 1
      const kept = await store.history(room, 0, 1000)
      expect(kept.map((m) => m.id)).toEqual(range(oldest, before + 10))
      expect(kept.map((m) => m.type === 'message' && m.content)).toEqual(
        range(oldest, before + 10).map((i) => `m${i}`),
      )
      expect(await store.message(room, oldest - 1)).toBeNull()
      expect(await store.message(room, oldest)).toEqual(kept[0])
      await h.eventually(() => expect(sub.events).toHaveLength(before + 10))
      expect(sub.frames().slice(before)).toEqual(batch)
      await sub.stop()

      // One batch larger than the whole history keeps only its own latest messages.
      const fresh = await h.newRoom(store)
      const big = await Promise.all(
        range(1, h.limit + 5).map((i) => store.append(fresh, h.draft(`b${i}`))),
      )
      expect(big.map((m) => m?.id)).toEqual(range(1, h.limit + 5))
      expect((await store.history(fresh, 0, 1000)).map((m) => m.id)).toEqual(range(6, h.limit + 5))
    })

    it('answers null from the moment the room expires, never leaving a gap in the ids', async () => {
      const store = getStore()
      const room = await h.newRoom(store, 400)
      const sub = await h.record(store, room)
      const results: (number | null)[] = []
      const deadline = Date.now() + 5000
      // Bursts of 5 per turn until the room is gone: one burst may be cut by the expiry.
      while (!results.includes(null) && Date.now() < deadline) {
        const burst = await Promise.all(range(1, 5).map(() => store.append(room, h.draft('tick'))))
        results.push(...burst.map((m) => m?.id ?? null))
      }
      const stored = results.filter((id): id is number => id !== null)
      const firstNull = results.indexOf(null)
      expect(firstNull).toBeGreaterThan(0)
      expect(results.slice(firstNull).every((id) => id === null)).toBe(true)
      expect(stored).toEqual(range(1, stored.length))
      await h.eventually(() => expect(sub.events).toHaveLength(stored.length))
      expect(sub.frames().map((f) => f.type === 'message' && f.id)).toEqual(stored)
      expect(await store.append(room, h.draft('late'))).toBeNull()
      expect(await store.history(room, 0, 1000)).toEqual([])
      await sub.stop()
    })

    it('fails only the bad message of a batch; the others keep their ids and order', async () => {
      const store = getStore()
      const room = await h.newRoom(store)
      const sub = await h.record(store, room)
      // A BigInt cannot be serialized: the one draft no store can keep.
      const bad = { ...h.draft('bad'), content: 1n as unknown as string }
      const settled = await Promise.allSettled([
        store.append(room, { ...h.draft('one'), client_id: 'c1' } as MessageDraft),
        store.append(room, bad),
        store.append(randomUUID(), h.draft('nowhere')),
        store.append(room, { ...h.draft('two'), client_id: 'c2' } as MessageDraft),
      ])
      expect(settled.map((s) => s.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'fulfilled',
      ])
      const [one, , nowhere, two] = settled.map((s) => (s.status === 'fulfilled' ? s.value : 0))
      expect(one).toMatchObject({ id: 1, content: 'one', client_id: 'c1' })
      expect(nowhere).toBeNull()
      expect(two).toMatchObject({ id: 2, content: 'two', client_id: 'c2' })
      expect(await store.history(room, 0, 100)).toEqual([one, two])
      await h.eventually(() => expect(sub.events).toHaveLength(2))
      expect(sub.frames()).toEqual([one, two])
      await sub.stop()
    })
  })
}
