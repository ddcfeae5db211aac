import { beforeEach, describe, expect, it } from 'vitest'
import { rememberCreatorToken } from '../host-tokens'
import { rememberResumeToken } from '../resume-tokens'
import { forgetJoined, lockedEntry, rememberJoined } from '../room-entry'

const NOW = Date.parse('2030-01-01T12:00:00Z')

describe('lockedEntry', () => {
  beforeEach(() => {
    localStorage.clear()
    sessionStorage.clear()
  })

  it('is outside for a browser that was never in the room', () => {
    expect(lockedEntry('r1', NOW)).toBe('outside')
  })

  it('is admitted for the host and for the tab that holds its place (a reload)', () => {
    rememberCreatorToken('r1', 'host-token', NOW + 60_000)
    expect(lockedEntry('r1', NOW)).toBe('admitted')
    rememberResumeToken('r2', 'resume-token')
    expect(lockedEntry('r2', NOW)).toBe('admitted')
  })

  it('remembers a room this browser joined until it ends or is forgotten', () => {
    rememberJoined('r1', NOW + 60_000, NOW)
    rememberJoined('r2', NOW + 60_000, NOW)
    expect(lockedEntry('r1', NOW)).toBe('was-member')
    expect(lockedEntry('r1', NOW + 60_000)).toBe('outside')
    forgetJoined('r2', NOW)
    expect(lockedEntry('r2', NOW)).toBe('outside')
    // Ended rooms are dropped from storage on the next write.
    rememberJoined('r3', NOW + 120_000, NOW + 90_000)
    expect(Object.keys(JSON.parse(localStorage.getItem('chatty:joined')!) as object)).toEqual([
      'r3',
    ])
  })
})
