import { describe, expect, it } from 'vitest'
import { durationWords, roomLifetimeSeconds, timeIsUp, timeLeftWords } from '../durations'
import { roomInfo } from './fixtures'

describe('durationWords', () => {
  it('says a lifetime in its largest whole unit, small counts spelt out', () => {
    expect(durationWords(3600)).toBe('an hour')
    expect(durationWords(600)).toBe('ten minutes')
    expect(durationWords(1800)).toBe('30 minutes')
    expect(durationWords(90)).toBe('90 seconds')
    expect(durationWords(5400)).toBe('90 minutes')
    expect(durationWords(6 * 3600)).toBe('six hours')
    expect(durationWords(24 * 3600)).toBe('a day')
    expect(durationWords(7 * 24 * 3600)).toBe('a week')
    expect(durationWords(60)).toBe('a minute')
    expect(durationWords(60, { one: 'one' })).toBe('one minute')
  })

  it('ends a room in words that fit its lifetime', () => {
    expect(timeIsUp(3600)).toBe('Its hour is up')
    expect(timeIsUp(600)).toBe('Its ten minutes are up')
    expect(timeIsUp(90)).toBe('Its 90 seconds are up')
    expect(timeIsUp(7 * 24 * 3600)).toBe('Its week is up')
  })

  it('rounds the time left of a warning to the minute, or says less than one', () => {
    expect(timeLeftWords(300)).toBe('five minutes')
    expect(timeLeftWords(299)).toBe('five minutes')
    expect(timeLeftWords(60)).toBe('one minute')
    expect(timeLeftWords(59)).toBe('one minute')
    expect(timeLeftWords(29)).toBe('less than a minute')
  })

  it('takes a room’s lifetime from the server, else from its timestamps', () => {
    expect(roomLifetimeSeconds(roomInfo())).toBe(3600)
    expect(roomLifetimeSeconds(roomInfo({ lifetime_seconds: 90 }))).toBe(90)
    expect(
      roomLifetimeSeconds(roomInfo({ expires_at: '2030-01-01T00:01:30.000Z', ttl_seconds: 12 })),
    ).toBe(90)
  })
})
