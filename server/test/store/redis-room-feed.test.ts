import { describe, expect, it, vi } from 'vitest'
import type { ServerFrame } from '../../../protocol/index.js'
import { RoomFeed } from '../../src/store/redis-room-feed.js'

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

  it('reports a failed read and goes on, instead of reading for every frame', async () => {
    const { feed, delivered, errors, readAfter } = feedOver([], () =>
      Promise.reject(new Error('down')),
    )
    feed.push(message(1))
    feed.push(message(3))
    await vi.waitFor(() => expect(delivered).toEqual([1, 3]))
    feed.push(message(4))
    expect(delivered).toEqual([1, 3, 4])
    expect(errors).toHaveLength(1)
    expect(readAfter).toHaveBeenCalledTimes(1)
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
