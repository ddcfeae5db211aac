/**
 * The home page's words about how long a room lives: the chosen lifetime in the headline, the
 * server's range in the small print. Until the server said (or if it cannot), words without a
 * figure rather than a promise the instance may not keep.
 */
import type { PublicConfig } from '../../../../protocol/frames'
import { durationWords } from '../../lib/durations'
import {
  lifetimeChoices,
  lifetimeRangeWords,
  longestLifetime,
  newRoomLifetime,
} from '../../lib/lifetimes'

export interface HomeWords {
  /** The pill above the headline. */
  tagline: string
  /** The headline's second line. */
  headline: string
  /** The third feature card. */
  lifetimeText: string
  footer: string
}

export function homeWords(config: PublicConfig | null, chosen: number | undefined): HomeWords {
  const lifetime = newRoomLifetime(config, chosen)
  if (!config || lifetime === null) {
    return {
      tagline: 'End-to-end encrypted · self-destructing rooms',
      headline: 'Then it’s gone.',
      lifetimeText: 'When its time is up, the room and every message in it are deleted.',
      footer: 'everything deleted when its time is up',
    }
  }
  const words = durationWords(lifetime)
  return {
    tagline: `End-to-end encrypted · gone after ${words}`,
    headline: `Gone in ${words}.`,
    lifetimeText:
      lifetimeChoices(config).length > 1
        ? `You choose how long it lives: ${lifetimeRangeWords(config)}. Then the room and every message in it are deleted.`
        : `After ${words}, the room and every message in it are deleted.`,
    footer: `everything deleted within ${durationWords(longestLifetime(config))}`,
  }
}
