import { describe, expect, it } from 'vitest'
import type { PublicConfig } from '../../../../../protocol/frames'
import { lifetimeChoices, preselectedLifetime } from '../../../lib/lifetimes'
import { homeWords } from '../home-words'

const config = (max: number, standard = Math.min(max, 3600)): PublicConfig => ({
  min_room_ttl_seconds: 60,
  max_room_ttl_seconds: max,
  default_room_ttl_seconds: standard,
})

describe('homeWords', () => {
  it('names the chosen lifetime in the headline and the range in the small print', () => {
    const words = homeWords(config(3600), 600)
    expect(words.headline).toBe('Gone in ten minutes.')
    expect(words.tagline).toBe('End-to-end encrypted · gone after ten minutes')
    expect(words.lifetimeText).toContain('ten minutes to an hour')
    expect(words.footer).toBe('everything deleted within an hour')
    expect(homeWords(config(3600), 3600).headline).toBe('Gone in an hour.')
  })

  it('on an instance whose longest is 90 seconds, promises 90 seconds everywhere', () => {
    const c = config(90, 90)
    expect(lifetimeChoices(c)).toEqual([])
    expect(preselectedLifetime(c)).toBeUndefined()
    const words = homeWords(c, undefined)
    expect(words.headline).toBe('Gone in 90 seconds.')
    expect(words.lifetimeText).toBe(
      'After 90 seconds, the room and every message in it are deleted.',
    )
    expect(words.footer).toBe('everything deleted within 90 seconds')
    expect(Object.values(words).join(' ')).not.toMatch(/hour/)
  })

  it('offers the longer choices only when the server allows them, the default preselected', () => {
    expect(lifetimeChoices(config(7 * 24 * 3600)).map((c) => c.label)).toEqual([
      '10 min',
      '30 min',
      '1 hour',
      '6 hours',
      '1 day',
      '1 week',
    ])
    expect(preselectedLifetime(config(7 * 24 * 3600))).toBe(3600)
    expect(homeWords(config(7 * 24 * 3600), 3600).footer).toBe('everything deleted within a week')
  })

  it('speaks of no figure before the server said', () => {
    const words = homeWords(null, undefined)
    expect(Object.values(words).join(' ')).not.toMatch(/hour|minute|second/)
  })
})
