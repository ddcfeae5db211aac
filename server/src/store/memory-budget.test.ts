/** The memory store's budget: caps, trimming the biggest history first, refusing new rooms. */
import { describe, expect, it } from 'vitest'
import { MemoryStore } from './memory-store.js'
import { StoreFull } from './store.js'
import {
  MemoryBudget,
  MESSAGE_OVERHEAD_BYTES,
  ROOM_OVERHEAD_BYTES,
  messageCost,
  roomCapBytes,
} from './memory-budget.js'

const MB = 2 ** 20
const history = (costs: number[]) => ({
  messages: costs.map((_, i) => i),
  costs: [...costs],
  bytes: costs.reduce((a, b) => a + b, 0),
})

describe('MemoryBudget', () => {
  it('counts a message at two bytes a character plus its object, and caps a room within bounds', () => {
    expect(messageCost('{"a":1}')).toBe(14 + MESSAGE_OVERHEAD_BYTES)
    expect(roomCapBytes(16 * MB)).toBe(MB)
    expect(roomCapBytes(1024 * MB)).toBe(16 * MB)
    expect(roomCapBytes(64 * 1024 * MB)).toBe(32 * MB)
  })

  it('trims the biggest history first, oldest messages first, and keeps the others whole', () => {
    const budget = new MemoryBudget(1000, 1000)
    const big = history([100, 100, 100, 100, 100, 100])
    const small = history([50, 50])
    budget.charge(big.bytes + small.bytes)
    // 700 used: 300 more still fit, and nothing is trimmed.
    expect(budget.makeRoom(300, [big, small])).toBe(true)
    expect(big.messages).toHaveLength(6)
    // 400 more do not: down to 85 % of the budget with them, and only the big one loses.
    expect(budget.makeRoom(400, [big, small])).toBe(true)
    expect(big.messages).toEqual([3, 4, 5])
    expect(small.messages).toEqual([0, 1])
    expect(budget.usedBytes).toBe(400)
  })

  it('keeps one room under its cap, always with its newest message', () => {
    const budget = new MemoryBudget(10_000, 250)
    const room = history([100, 100, 100, 400])
    budget.charge(room.bytes)
    budget.capRoom(room)
    expect(room.messages).toEqual([3])
    expect(budget.usedBytes).toBe(400)
  })

  it('refuses a message only when nothing is left to trim', () => {
    const budget = new MemoryBudget(1000, 1000)
    budget.charge(900)
    expect(budget.makeRoom(200, [history([])])).toBe(false)
  })
})

describe('the memory store on a budget', () => {
  it('lets a flood trim its own history, keeps other rooms, and refuses new rooms near the budget', async () => {
    const store = new MemoryStore({ historyLimit: 100_000, budgetBytes: 4 * MB })
    const now = Date.now()
    const room = (id: string) => ({ id, createdAt: now, expiresAt: now + 60_000, encrypted: false })
    await store.createRoom(room('quiet'))
    await store.append('quiet', {
      type: 'message',
      sender: 'Ana',
      avatar: '',
      content: 'hi',
      timestamp: '',
    })
    const rooms = ['flood-1', 'flood-2', 'flood-3', 'flood-4']
    for (const id of rooms) await store.createRoom(room(id))
    const long = 'x'.repeat(4000)
    for (let i = 0; i < 2000; i++) {
      const id = rooms[i % rooms.length]!
      await store.append(id, {
        type: 'message',
        sender: 'Bot',
        avatar: '',
        content: long,
        timestamp: '',
      })
    }
    expect(store.budget.usedBytes).toBeLessThanOrEqual(4 * MB)
    // The quiet room's message is still there; the floods kept only their newest.
    expect((await store.history('quiet', 0, 10)).map((m) => m.content)).toEqual(['hi'])
    const kept = await store.history('flood-1', 0, 100_000)
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.length).toBeLessThan(500)
    expect(kept.at(-1)!.id).toBe(500)
    // Near the budget: no new room, said as such.
    expect(store.full).toBe(true)
    await expect(store.createRoom(room('one-more'))).rejects.toBeInstanceOf(StoreFull)
    // A room's end gives its bytes back.
    await store.destroyRoom('flood-1')
    await store.destroyRoom('flood-2')
    expect(store.budget.usedBytes).toBeLessThan(4 * MB * 0.8)
    await store.createRoom(room('one-more'))
    expect(store.budget.usedBytes).toBeGreaterThanOrEqual(ROOM_OVERHEAD_BYTES)
    await store.close()
  })
})

describe('the memory store’s files and its budget', () => {
  it('charges an upload’s bytes when it is asked for, refuses past the budget, and frees them with the room', async () => {
    const store = new MemoryStore({ historyLimit: 10, budgetBytes: 2 * MB })
    const now = Date.now()
    await store.createRoom({ id: 'r', createdAt: now, expiresAt: now + 60_000, encrypted: false })
    const blob = (id: string, size: number) => ({
      id,
      size,
      chunks: Math.ceil(size / 65536),
      chunkBytes: 65536,
      tokenHash: 'h',
      owner: 'ana',
    })
    const before = store.budget.usedBytes
    expect(await store.files.createBlob('r', blob('a', MB), 100 * MB)).toBe('ok')
    expect(store.budget.usedBytes).toBe(before + MB)
    await expect(store.files.createBlob('r', blob('b', 1.5 * MB), 100 * MB)).rejects.toBeInstanceOf(
      StoreFull,
    )
    await store.files.deleteBlob('r', 'a')
    expect(store.budget.usedBytes).toBe(before)
    expect(await store.files.createBlob('r', blob('c', 1.5 * MB), 100 * MB)).toBe('ok')
    await store.destroyRoom('r')
    expect(store.budget.usedBytes).toBe(0)
    await store.close()
  })
})
