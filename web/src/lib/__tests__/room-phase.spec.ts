import { describe, expect, it } from 'vitest'
import { CLOSE_CODES } from '../../../../protocol/frames'
import { phaseAfterClose, roomIsGone } from '../room-phase'

const NOW = 1_000_000
const never = { everJoined: false, deadline: null, host: false }
const before = { everJoined: true, deadline: NOW + 60_000, host: false }
const after = { everJoined: true, deadline: NOW - 1, host: false }
const hosting = { ...before, host: true }

describe('phaseAfterClose', () => {
  it('gives each final close its page', () => {
    expect(phaseAfterClose(CLOSE_CODES.ROOM_EXPIRED, before, NOW)).toBe('expired')
    expect(phaseAfterClose(CLOSE_CODES.ROOM_FULL, never, NOW)).toBe('full')
    expect(phaseAfterClose(CLOSE_CODES.CLOSED_BY_HOST, before, NOW)).toBe('closed')
    expect(phaseAfterClose(CLOSE_CODES.CLOSED_BY_HOST, hosting, NOW)).toBe('closed-by-you')
    expect(phaseAfterClose(CLOSE_CODES.ROOM_LOCKED, never, NOW)).toBe('locked')
    expect(phaseAfterClose(CLOSE_CODES.REMOVED, before, NOW)).toBe('removed')
    expect(phaseAfterClose(CLOSE_CODES.ORIGIN_NOT_ALLOWED, never, NOW)).toBe('error')
  })

  it('tells a room never entered from one that expired or was lost with its server', () => {
    expect(phaseAfterClose(CLOSE_CODES.ROOM_NOT_FOUND, never, NOW)).toBe('not-found')
    expect(phaseAfterClose(CLOSE_CODES.ROOM_NOT_FOUND, after, NOW)).toBe('expired')
    expect(phaseAfterClose(CLOSE_CODES.ROOM_NOT_FOUND, before, NOW)).toBe('lost')
    expect(phaseAfterClose(CLOSE_CODES.ROOM_NOT_FOUND, hosting, NOW)).toBe('lost')
  })
})

describe('roomIsGone', () => {
  it('is true only when the room itself no longer exists', () => {
    expect(roomIsGone(CLOSE_CODES.ROOM_EXPIRED)).toBe(true)
    expect(roomIsGone(CLOSE_CODES.ROOM_NOT_FOUND)).toBe(true)
    expect(roomIsGone(CLOSE_CODES.CLOSED_BY_HOST)).toBe(true)
    expect(roomIsGone(CLOSE_CODES.ROOM_FULL)).toBe(false)
    expect(roomIsGone(CLOSE_CODES.REMOVED)).toBe(false)
  })
})
