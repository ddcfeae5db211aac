import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import CountdownTimer from '../CountdownTimer.vue'

describe('CountdownTimer', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') }))
  afterEach(() => vi.useRealTimers())

  it('says what it counts, on screen and to a screen reader', () => {
    const wrapper = mount(CountdownTimer, { props: { deadline: Date.now() + 3552_000 } })
    const timer = wrapper.get('[data-testid=countdown]')
    expect(timer.text()).toBe('vanishes in 59:12')
    expect(timer.attributes('role')).toBe('timer')
    expect(timer.attributes('aria-label')).toBe('This room vanishes in 59 minutes 12 seconds')
  })

  it('has a label while the end is unknown', () => {
    const wrapper = mount(CountdownTimer, { props: { deadline: null } })
    expect(wrapper.get('[data-testid=countdown]').attributes('aria-label')).toBe(
      'Time left unknown',
    )
  })
})
