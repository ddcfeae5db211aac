import { describe, expect, it, vi } from 'vitest'
import type { ServerFrame } from '../../../protocol/index.js'
import { READ_RETRY_DELAYS_MS, RoomFeed } from '../../src/store/redis/room-feed.js'

const message = (id: number): string =>
  JSON.stringify({
    type: 'message',
    id,
    sender: 'Alice',
    avatar: '',
    content: `m${id}`,
    timestamp: '',
  })
const users = JSON.stringify({ type: 'users', sender: '__user_list__', content: [] })

/** A feed over a history of ids `stored`; records what it delivers (ids, or `users`). */
function feedOver(stored: number[], read?: (afterId: number) => Promise<string[]>) {
  const delivered: (number | string)[] = []
  const errors: unknown[] = []
  const readAfter = vi.fn(
    read ?? (async (afterId: number) => stored.filter((id) => id > afterId).map(message)),
  )
  const feed = new RoomFeed(
    readAfter,
    (frame: ServerFrame) => delivered.push('id' in frame ? frame.id : frame.type),
    (error) => errors.push(error),
  )
  return { feed, delivered, errors, readAfter }
}

describe('RoomFeed', () => {
  it('delivers consecutive frames as they come, batches split, without reading history', () => {
    const { feed, delivered, readAfter } = feedOver([])
    feed.push(message(1))
    feed.push([message(2), message(3)].join('\n'))
    feed.push(users)
    feed.push(message(4))
    expect(delivered).toEqual([1, 2, 3, 'users', 4])
    expect(readAfter).not.toHaveBeenCalled()
  })

  it('fills a gap from history before the frame that showed it, holding what comes meanwhile', async () => {
    // 6 is published after the read, so it comes live.
    const { feed, delivered, readAfter } = feedOver([1, 2, 3, 4, 5])
    feed.push(message(1))
    feed.push([message(4), message(5)].join('\n'))
    feed.push(users)
    feed.push(message(6))
    expect(delivered).toEqual([1])
    await vi.waitFor(() => expect(delivered).toEqual([1, 2, 3, 4, 5, 'users', 6]))
    expect(readAfter).toHaveBeenCalledExactlyOnceWith(1)
  })

  it('drops a frame it already delivered', async () => {
    const { feed, delivered } = feedOver([1, 2, 3])
    feed.push(message(1))
    feed.push(message(3))
    await vi.waitFor(() => expect(delivered).toEqual([1, 2, 3]))
    feed.push(message(2))
    feed.push(message(3))
    expect(delivered).toEqual([1, 2, 3])
  })

  it('catches up after a re-subscription with no later frame to show the gap', async () => {
    const { feed, delivered } = feedOver([1, 2, 3])
    feed.push(message(1))
    await feed.catchUp()
    expect(delivered).toEqual([1, 2, 3])
    await feed.catchUp()
    expect(delivered).toEqual([1, 2, 3])
  })

  it('goes on from the next frame when history no longer holds the missing ones', async () => {
    // Trimmed to the latest two: 2 and 3 are gone for good.
    const { feed, delivered } = feedOver([4, 5])
    feed.push(message(1))
    feed.push(message(5))
    await vi.waitFor(() => expect(delivered).toEqual([1, 4, 5]))
    feed.push(message(6))
    expect(delivered).toEqual([1, 4, 5, 6])
  })

  it('retries a read that fails for a moment (a failover), holding the stream meanwhile', async () => {
    vi.useFakeTimers()
    try {
      let failures = 2
      const { feed, delivered, errors } = feedOver([], async (afterId) => {
        if (failures-- > 0) throw new Error('no master yet')
        return [2, 3].filter((id) => id > afterId).map(message)
      })
      feed.push(message(1))
      feed.push(message(3))
      feed.push(message(4))
      await vi.advanceTimersByTimeAsync(READ_RETRY_DELAYS_MS[0]!)
      expect(delivered).toEqual([1])
      await vi.advanceTimersByTimeAsync(READ_RETRY_DELAYS_MS[1]!)
      expect(delivered).toEqual([1, 2, 3, 4])
      expect(errors).toEqual([])
    } finally {
      vi.useRealTimers()
    }
  })

  it('gives a read up after its retries, reports it once and goes on', async () => {
    vi.useFakeTimers()
    try {
      const { feed, delivered, errors, readAfter } = feedOver([], () =>
        Promise.reject(new Error('down')),
      )
      feed.push(message(1))
      feed.push(message(3))
      await vi.advanceTimersByTimeAsync(READ_RETRY_DELAYS_MS.reduce((a, b) => a + b))
      expect(delivered).toEqual([1, 3])
      feed.push(message(4))
      expect(delivered).toEqual([1, 3, 4])
      expect(errors).toHaveLength(1)
      expect(readAfter).toHaveBeenCalledTimes(READ_RETRY_DELAYS_MS.length + 1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('reads once more when a catch-up is asked for during a read', async () => {
    let release!: () => void
    const stored = [1, 2]
    const { feed, delivered, readAfter } = feedOver(stored, async (afterId) => {
      const found = stored.filter((id) => id > afterId).map(message)
      if (readAfter.mock.calls.length === 1) await new Promise<void>((r) => (release = r))
      return found
    })
    feed.push(message(1))
    const first = feed.catchUp()
    stored.push(3)
    await feed.catchUp()
    release()
    await first
    await vi.waitFor(() => expect(delivered).toEqual([1, 2, 3]))
    expect(readAfter.mock.calls).toEqual([[1], [2]])
  })
})
