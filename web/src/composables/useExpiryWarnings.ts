import { ref, watch, type Ref } from 'vue'

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
  const minutes = Math.max(1, Math.ceil(secondsLeft / 60))
  const left = minutes === 1 ? '1 minute' : `${minutes} minutes`
  return `This room vanishes in ${left}, with every message in it.`
}

/**
 * Warns in the conversation as the room's end nears, from the countdown alone (the server
 * sends nothing for it). Each threshold warns once; someone who arrives past several hears
 * only the nearest, so a late joiner is not told "5 minutes" with one left.
 */
export function useExpiryWarnings(
  remaining: Ref<number | null>,
  options: { afterId: () => number; onWarn?: (warning: ExpiryWarning) => void },
) {
  const warnings = ref<ExpiryWarning[]>([])
  const passed = new Set<number>()

  watch(
    remaining,
    (left) => {
      if (left === null || left <= 0) return
      const due = WARNING_SECONDS.filter((t) => left <= t && !passed.has(t))
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
