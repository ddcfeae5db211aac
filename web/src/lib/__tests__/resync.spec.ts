/** A rejoin asks again for the latest messages held, and the server's copy of them wins. */
import { describe, expect, it } from 'vitest'
import type { MessageFrame } from '../../../../protocol/frames'
import { RESYNC_WINDOW, resyncAfter, resynced } from '../messages'

const msg = (id: number, content = `m${id}`): MessageFrame => ({
  type: 'message',
  id,
  sender: 'Ana',
  avatar: '',
  content,
  timestamp: '2026-12-08T00:00:00.000Z',
})

describe('resync on a rejoin', () => {
  it('asks for everything when few messages are held, else for the latest window again', () => {
    expect(resyncAfter([])).toBe(0)
    const few = Array.from({ length: RESYNC_WINDOW }, (_, i) => msg(i + 1))
    expect(resyncAfter(few)).toBe(0)
    const many = Array.from({ length: RESYNC_WINDOW + 50 }, (_, i) => msg(i * 2 + 1))
    // The id just before the latest RESYNC_WINDOW held.
    expect(resyncAfter(many)).toBe(many[49]!.id)
  })

  it('keeps what came before the window, and takes the server’s copy after it', () => {
    const held = [msg(1), msg(2), msg(3, 'tpyo'), msg(4, 'secret'), msg(5)]
    const incoming = [msg(3, 'typo'), msg(5), msg(6)]
    expect(resynced(held, incoming, 2).map((m) => m.content)).toEqual([
      'm1',
      'm2',
      'typo',
      'm5',
      'm6',
    ])
    // Nothing after the window on the server: everything held after it is gone.
    expect(resynced(held, [], 2).map((m) => m.id)).toEqual([1, 2])
  })
})
