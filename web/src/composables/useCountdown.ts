import { computed, getCurrentScope, onScopeDispose, ref, watch, type Ref } from 'vue'

/** The last five minutes are shown as urgent. */
export const URGENT_SECONDS = 5 * 60

/** "mm:ss"; minutes are not capped at 59 so a fresh hour reads "60:00". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

/** "59 minutes 12 seconds", for screen readers ("05:00" would be read as a clock time). */
export function spokenDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const minutes = Math.floor(s / 60)
  const rest = s % 60
  const parts = [
    minutes ? `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}` : '',
    rest || !minutes ? `${rest} ${rest === 1 ? 'second' : 'seconds'}` : '',
  ]
  return parts.filter(Boolean).join(' ')
}

/**
 * Seconds left until `deadline` (a local `Date.now()` timestamp in ms, already corrected
 * for the server's clock), ticking once a second.
 */
export function useCountdown(deadline: Ref<number | null>) {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined

  const remaining = computed(() =>
    deadline.value === null ? null : Math.max(0, Math.ceil((deadline.value - now.value) / 1000)),
  )
  const label = computed(() =>
    remaining.value === null ? '--:--' : formatCountdown(remaining.value),
  )
  const urgent = computed(() => remaining.value !== null && remaining.value <= URGENT_SECONDS)
  const expired = computed(() => remaining.value === 0)

  function stop() {
    clearInterval(timer)
    timer = undefined
  }

  watch(
    deadline,
    (value) => {
      stop()
      now.value = Date.now()
      if (value === null) return
      timer = setInterval(() => {
        now.value = Date.now()
        if (now.value >= value) stop()
      }, 1000)
    },
    { immediate: true },
  )

  if (getCurrentScope()) onScopeDispose(stop)

  return { remaining, label, urgent, expired }
}

/**
 * Turns the server's view of expiry into a local deadline: the time left by the server's
 * clock, counted from now on ours, so a wrong device clock does not skew the countdown.
 */
export function localDeadline(expiresAt: string, serverTime: string, receivedAt = Date.now()) {
  return receivedAt + (Date.parse(expiresAt) - Date.parse(serverTime))
}
