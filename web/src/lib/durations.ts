/**
 * A room's lifetime in the words a person uses: "an hour", "ten minutes", "90 seconds". The
 * texts that speak of how long a room lives take its own lifetime or the server's range from
 * here, never a fixed "hour".
 */
import type { RoomInfo } from '../../../protocol/frames'

const UNITS = [
  { seconds: 7 * 24 * 3600, one: 'week', article: 'a' },
  { seconds: 24 * 3600, one: 'day', article: 'a' },
  { seconds: 3600, one: 'hour', article: 'an' },
  { seconds: 60, one: 'minute', article: 'a' },
  { seconds: 1, one: 'second', article: 'a' },
] as const

// Small counts read better spelt out ("ten minutes"); larger ones as digits ("90 seconds").
const SMALL = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']

/** A duration as a count of its largest whole unit: 5400 s is 90 minutes, 90 s is 90 seconds. */
export interface Duration {
  count: number
  unit: (typeof UNITS)[number]
}

export function asDuration(seconds: number): Duration {
  const s = Math.max(1, Math.round(seconds))
  const unit = UNITS.find((u) => s % u.seconds === 0)!
  return { count: s / unit.seconds, unit }
}

function countWord(count: number): string {
  return SMALL[count] ?? String(count)
}

/**
 * "an hour", "ten minutes", "90 seconds", "two weeks". `one: 'one'` says "one minute" where
 * "a minute" would read as "shortly" (a warning); the default suits "Gone in an hour".
 */
export function durationWords(seconds: number, options: { one?: 'article' | 'one' } = {}): string {
  const { count, unit } = asDuration(seconds)
  if (count === 1) return `${options.one === 'one' ? 'one' : unit.article} ${unit.one}`
  return `${countWord(count)} ${unit.one}s`
}

/** "Its hour is up", "Its ten minutes are up": the end of a room that lived `seconds`. */
export function timeIsUp(seconds: number): string {
  const { count, unit } = asDuration(seconds)
  return count === 1 ? `Its ${unit.one} is up` : `Its ${countWord(count)} ${unit.one}s are up`
}

/**
 * The time left before the end, for a warning: to the nearest minute (a warning due at five
 * minutes may fire a second late), or "less than a minute".
 */
export function timeLeftWords(secondsLeft: number): string {
  const minutes = Math.round(secondsLeft / 60)
  if (minutes < 1) return 'less than a minute'
  return durationWords(minutes * 60, { one: 'one' })
}

/** The lifetime the room was given: the server's own figure, else from its two timestamps. */
export function roomLifetimeSeconds(room: RoomInfo): number {
  if (room.lifetime_seconds) return room.lifetime_seconds
  return Math.round((Date.parse(room.expires_at) - Date.parse(room.created_at)) / 1000)
}
