/**
 * The lifetimes the home page offers, from what the server allows (`GET /api/config`), and
 * how the page speaks of them: the chosen one in the headline, the range elsewhere.
 */
import type { PublicConfig } from '../../../protocol/frames'
import { durationWords } from './durations'

export interface LifetimeChoice {
  seconds: number
  label: string
}

const CHOICES: LifetimeChoice[] = [
  { seconds: 600, label: '10 min' },
  { seconds: 1800, label: '30 min' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 6 * 3600, label: '6 hours' },
  { seconds: 24 * 3600, label: '1 day' },
  { seconds: 7 * 24 * 3600, label: '1 week' },
]

/** The choices inside the server's range (longer ones only when it allows them). */
export function lifetimeChoices(config: PublicConfig | null): LifetimeChoice[] {
  if (!config) return []
  return CHOICES.filter(
    (c) => c.seconds >= config.min_room_ttl_seconds && c.seconds <= config.max_room_ttl_seconds,
  )
}

/** The choice made for the person: the server's default when offered, else the longest. */
export function preselectedLifetime(config: PublicConfig | null): number | undefined {
  const fits = lifetimeChoices(config)
  const standard = fits.find((c) => c.seconds === config?.default_room_ttl_seconds)
  return (standard ?? fits.at(-1))?.seconds
}

/**
 * How long a new room will live: the choice, or the server's default when there was none
 * to make (an instance whose range fits none of the choices). Null before the config is in.
 */
export function newRoomLifetime(
  config: PublicConfig | null,
  chosen: number | undefined,
): number | null {
  return chosen ?? config?.default_room_ttl_seconds ?? null
}

/** "ten minutes to an hour", or the one lifetime a new room can have ("90 seconds"). */
export function lifetimeRangeWords(config: PublicConfig): string {
  const fits = lifetimeChoices(config)
  const shortest = fits[0]?.seconds ?? config.default_room_ttl_seconds
  const longest = fits.at(-1)?.seconds ?? config.default_room_ttl_seconds
  if (shortest === longest) return durationWords(longest)
  return `${durationWords(shortest)} to ${durationWords(longest)}`
}

/** The longest any room here lives: what a page says when it knows no room's own lifetime. */
export function longestLifetime(config: PublicConfig): number {
  return config.max_room_ttl_seconds
}
