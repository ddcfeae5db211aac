/** Vanishing messages: deleted at their deadline, never handed out after it. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MessageFrame, StoredFrame } from '../../../protocol/index.js'
import { MemoryStore } from '../store/memory-store.js'
import { vanishSeconds, VanishTimers } from './vanishing.js'

const HOUR = 3_600_000

describe('vanishing messages', () => {
  let store: MemoryStore
  beforeEach(async () => {
    vi.useFakeTimers({ now: new Date('2026-12-08T10:00:00Z') })
    store = new MemoryStore({ historyLimit: 100 })
    await store.createRoom({
      id: 'r',
      createdAt: Date.now(),
      expiresAt: Date.now() + HOUR,
      encrypted: false,
    })
  })
  afterEach(async () => {
    await store.close()
    vi.useRealTimers()
  })

  async function say(content: string, vanishInMs?: number): Promise<MessageFrame> {
    return (await store.append('r', {
      type: 'message',
      sender: 'Ana',
      avatar: '',
      content,
      timestamp: new Date().toISOString(),
      ...(vanishInMs !== undefined && {
        expires_at: new Date(Date.now() + vanishInMs).toISOString(),
      }),
    })) as MessageFrame
  }

  it('deletes a message from history at its deadline, and tells the room', async () => {
    const timers = new VanishTimers('r', store, (e) => {
      throw e
    })
    const events: StoredFrame[] = []
    await store.subscribe('r', (e) => events.push(e.frame as StoredFrame))
    const kept = await say('kept')
    const gone = await say('door code 4711', 30_000)
    timers.watch(kept)
    timers.watch(gone)
    await vi.advanceTimersByTimeAsync(29_999)
    expect((await store.history('r', 0, 10)).map((m) => m.content)).toEqual([
      'kept',
      'door code 4711',
    ])
    await vi.advanceTimersByTimeAsync(1)
    expect((await store.history('r', 0, 10)).map((m) => m.content)).toEqual(['kept'])
    expect(events.at(-1)).toEqual({ type: 'deleted', message_id: gone.id, by: 'timer' })
    timers.clear()
  })

  it('leaves out what vanished while nobody watched, and deletes it then', async () => {
    const timers = new VanishTimers('r', store, (e) => {
      throw e
    })
    await say('old secret', 1000)
    await say('still here', 60_000)
    vi.setSystemTime(Date.now() + 5000)
    const shown = timers.sift(await store.history('r', 0, 10))
    expect(shown.map((m) => m.content)).toEqual(['still here'])
    await vi.advanceTimersByTimeAsync(0)
    expect((await store.history('r', 0, 10)).map((m) => m.content)).toEqual(['still here'])
    timers.clear()
  })

  it('takes the room’s default when a message asks for none, and refuses odd timers', () => {
    expect(vanishSeconds(undefined, 300)).toBe(300)
    expect(vanishSeconds(0, 300)).toBe(0)
    expect(vanishSeconds(30, 0)).toBe(30)
    expect(() => vanishSeconds(31, 0)).toThrow(/timer/)
  })
})
