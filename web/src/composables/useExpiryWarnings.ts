import { computed, ref, watch, type Ref } from 'vue'
import { roomLifetimeSeconds, timeLeftWords } from '../lib/durations'
import { highestId } from '../lib/messages'
import { useCountdown } from './useCountdown'
import type { RoomChat } from './useRoomChat'

/** Seconds before the end at which the conversation gets a notice. */
export const WARNING_SECONDS = [5 * 60, 60] as const

/** A notice made in the browser, not by the server: it sits after message `afterId`. */
export interface ExpiryWarning {
  key: string
  content: string
  timestamp: string
  afterId: number
}

export function warningText(secondsLeft: number): string {
  return `This room vanishes in ${timeLeftWords(secondsLeft)}, with every message in it.`
}

/**
 * The thresholds that warn in a room of this lifetime: only those below it, so a 90-second
 * room is not warned "five minutes" at its start. Unknown lifetime: all of them.
 */
export function warningThresholds(lifetimeSeconds: number | null): number[] {
  return WARNING_SECONDS.filter((t) => lifetimeSeconds === null || t < lifetimeSeconds)
}

/**
 * Warns in the conversation as the room's end nears, from the countdown alone (the server
 * sends nothing for it). Each threshold warns once; someone who arrives past several hears
 * only the nearest, so a late joiner is not told "5 minutes" with one left. `remaining` is
 * null while there is no conversation to warn in (before the history is in).
 */
export function useExpiryWarnings(
  remaining: Ref<number | null>,
  options: {
    afterId: () => number
    /** The room's whole lifetime in seconds, once known. */
    lifetime: () => number | null
    onWarn?: (warning: ExpiryWarning) => void
  },
) {
  const warnings = ref<ExpiryWarning[]>([])
  const passed = new Set<number>()

  watch(
    remaining,
    (left) => {
      if (left === null || left <= 0) return
      const due = warningThresholds(options.lifetime()).filter((t) => left <= t && !passed.has(t))
      if (due.length === 0) return
      for (const t of due) passed.add(t)
      const nearest = Math.min(...due)
      const warning: ExpiryWarning = {
        key: `expiry-${nearest}`,
        content: warningText(left),
        timestamp: new Date().toISOString(),
        afterId: options.afterId(),
      }
      warnings.value = [...warnings.value, warning]
      options.onWarn?.(warning)
    },
    { immediate: true },
  )

  return { warnings }
}

/**
 * A room session's warnings: counted from its deadline, in the conversation once the history
 * is in (so each follows what came before it), for thresholds below the room's lifetime.
 */
export function useRoomExpiryWarnings(
  chat: Pick<RoomChat, 'deadline' | 'settled' | 'room' | 'messages'>,
  onWarn: (warning: ExpiryWarning) => void,
) {
  const { remaining } = useCountdown(chat.deadline)
  const lifetime = computed(() => (chat.room.value ? roomLifetimeSeconds(chat.room.value) : null))
  const { warnings } = useExpiryWarnings(
    computed(() => (chat.settled.value ? remaining.value : null)),
    { afterId: () => highestId(chat.messages.value), lifetime: () => lifetime.value, onWarn },
  )
  return { warnings, lifetime }
}
