import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createJoinRetry } from '../join-retry'

describe('createJoinRetry', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('joins again every 2 s while a name can still be held, counted from the first refusal', () => {
    const join = vi.fn()
    const retry = createJoinRetry({ join, nameHoldSeconds: () => 10 })
    expect(retry.retry()).toBe(true)
    vi.advanceTimersByTime(2000)
    expect(join).toHaveBeenCalledTimes(1)
    // 10 s of hold and 5 s of slack.
    vi.advanceTimersByTime(13_000)
    expect(retry.retry()).toBe(false)
    vi.advanceTimersByTime(2000)
    expect(join).toHaveBeenCalledTimes(1)
  })

  it('starts the window over on a new connection, and drops a retry when a join goes out', () => {
    const join = vi.fn()
    const retry = createJoinRetry({ join, nameHoldSeconds: () => undefined })
    retry.retry()
    vi.advanceTimersByTime(40_000)
    expect(retry.retry()).toBe(false)
    retry.reset()
    expect(retry.retry()).toBe(true)
    retry.cancel()
    vi.advanceTimersByTime(2000)
    expect(join).toHaveBeenCalledTimes(1)
  })
})
