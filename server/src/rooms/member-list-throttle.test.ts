/** The member-list throttle of a room: immediate in small rooms, coalesced in big ones. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Member } from '../../../protocol/index.js'
import type { RoomEvent } from '../store/store.js'
import { MemberListThrottle, USERS_THROTTLE_ABOVE } from './member-list-throttle.js'

/** A `users` event; `padding` makes its JSON as big as a long member list's. */
function usersEvent(names: string[], padding = 0): RoomEvent {
  const content: Member[] = names.map((name) => ({ name, avatar: '' }))
  const frame = { type: 'users', sender: '__user_list__', content } as const
  return { frame, json: JSON.stringify(frame) + ' '.repeat(padding) }
}

/**
 * A room of `n` members as its fan-out uses the throttle: member lists through it, other
 * events straight to everyone; `got` is what the members were sent (all get the same).
 */
function roomWith(n: number) {
  const got: RoomEvent[] = []
  const lists = new MemberListThrottle((e) => void got.push(e))
  const room = {
    dispatch: (e: RoomEvent) => (e.frame.type === 'users' ? lists.push(e, n) : got.push(e)),
    close: () => lists.stop(),
  }
  return { room, sessions: [{ got }] }
}

describe('member lists of a room', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('delivers every member list at once in a small room', () => {
    const { room, sessions } = roomWith(USERS_THROTTLE_ABOVE)
    for (let i = 1; i <= 5; i++) room.dispatch(usersEvent(['a', 'b', 'c'].slice(0, (i % 3) + 1)))
    for (const s of sessions) expect(s.got).toHaveLength(5)
  })

  it('in a big room, sends the first list at once and the latest one after the interval', async () => {
    const { room, sessions } = roomWith(USERS_THROTTLE_ABOVE + 50)
    // 100 members × 1 MB lists: an interval of about 0.75 s at 128 MB/s.
    const lists = Array.from({ length: 6 }, (_, i) => usersEvent([`m${i}`], 1024 * 1024))
    for (const list of lists) room.dispatch(list)
    for (const s of sessions) expect(s.got).toEqual([lists[0]])

    await vi.advanceTimersByTimeAsync(400)
    expect(sessions[0]!.got).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(600)
    for (const s of sessions) expect(s.got).toEqual([lists[0], lists[5]])
    room.close()
  })

  it('delivers other events at once while a member list waits', () => {
    const { room, sessions } = roomWith(USERS_THROTTLE_ABOVE + 50)
    room.dispatch(usersEvent(['a'], 1024 * 1024))
    room.dispatch(usersEvent(['a', 'b'], 1024 * 1024))
    const typing: RoomEvent = {
      frame: { type: 'typing', sender: '__typing__', content: 'a' },
      json: '{}',
    }
    room.dispatch(typing)
    expect(sessions[0]!.got.map((e) => e.frame.type)).toEqual(['users', 'typing'])
  })

  it('drops a waiting list when the room closes', async () => {
    const { room, sessions } = roomWith(USERS_THROTTLE_ABOVE + 50)
    room.dispatch(usersEvent(['a'], 1024 * 1024))
    room.dispatch(usersEvent(['a', 'b'], 1024 * 1024))
    room.close()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(sessions[0]!.got).toHaveLength(1)
  })
})
