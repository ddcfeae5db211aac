import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { formatCountdown, localDeadline, useCountdown } from '../useCountdown'

describe('useCountdown', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') }))
  afterEach(() => vi.useRealTimers())

  it('formats minutes and seconds without capping the minutes', () => {
    expect(formatCountdown(3600)).toBe('60:00')
    expect(formatCountdown(301)).toBe('05:01')
    expect(formatCountdown(9)).toBe('00:09')
    expect(formatCountdown(-4)).toBe('00:00')
  })

  it('ticks every second, turns urgent in the last five minutes and stops at zero', async () => {
    const deadline = ref<number | null>(Date.now() + 302_000)
    const scope = effectScope()
    const c = scope.run(() => useCountdown(deadline))!
    expect(c.label.value).toBe('05:02')
    expect(c.urgent.value).toBe(false)
    vi.advanceTimersByTime(2000)
    expect(c.label.value).toBe('05:00')
    expect(c.urgent.value).toBe(true)
    vi.advanceTimersByTime(400_000)
    expect(c.label.value).toBe('00:00')
    expect(c.expired.value).toBe(true)

    deadline.value = Date.now() + 3_600_000
    await nextTick()
    expect(c.label.value).toBe('60:00')
    expect(c.urgent.value).toBe(false)
    scope.stop()
  })

  it('shows dashes until the deadline is known', () => {
    const scope = effectScope()
    const c = scope.run(() => useCountdown(ref(null)))!
    expect(c.label.value).toBe('--:--')
    expect(c.urgent.value).toBe(false)
    scope.stop()
  })

  it('corrects for a device clock that is off', () => {
    // The server says 10 minutes are left; this device's clock is 3 hours ahead.
    const received = Date.parse('2030-01-01T03:00:00Z')
    const d = localDeadline('2030-01-01T00:10:00Z', '2030-01-01T00:00:00Z', received)
    expect(d - received).toBe(600_000)
  })
})
