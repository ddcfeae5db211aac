/** Message timers in words: the composer's choice, the host's default, a countdown's label. */
import { VANISH_CHOICES } from '../../../protocol/codes'

export { VANISH_CHOICES }

const LONG: Record<number, string> = {
  0: 'Off',
  30: '30 seconds',
  60: '1 minute',
  300: '5 minutes',
  3600: '1 hour',
}
const SHORT: Record<number, string> = { 0: 'Off', 30: '30s', 60: '1m', 300: '5m', 3600: '1h' }

/** "30 seconds", "1 hour", "Off". */
export const vanishWords = (seconds: number) => LONG[seconds] ?? `${seconds} seconds`
/** "30s", "1h": on the composer's timer button. */
export const vanishShort = (seconds: number) => SHORT[seconds] ?? `${seconds}s`
