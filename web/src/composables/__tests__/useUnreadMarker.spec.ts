import { describe, expect, it } from 'vitest'
import { useUnreadMarker } from '../useUnreadMarker'

describe('useUnreadMarker', () => {
  it('counts what came while scrolled up and marks where it began', () => {
    const u = useUnreadMarker()
    u.arrivedUnseen([10, 11])
    u.arrivedUnseen([12])
    expect(u.unseen.value).toBe(3)
    expect(u.firstUnseen.value).toBe(10)
    expect(u.divider.value).toBe(10)
  })

  it('keeps the divider while the reader reads on, and moves it with a batch after catching up', () => {
    const u = useUnreadMarker()
    u.arrivedUnseen([10, 11])
    // The pill took the reader to message 10: the pill goes, the divider stays.
    u.seen(false)
    expect(u.unseen.value).toBe(0)
    expect(u.divider.value).toBe(10)
    // More while still reading above the end: the pill counts them, the divider stays put.
    u.arrivedUnseen([12])
    expect([u.firstUnseen.value, u.divider.value]).toEqual([12, 10])
    // At the end, then scrolled up again: the next batch starts a new divider.
    u.seen(true)
    expect(u.divider.value).toBe(10)
    u.arrivedUnseen([20])
    expect([u.firstUnseen.value, u.divider.value]).toEqual([20, 20])
  })

  it('drops the divider once the reader writes, or read to the end and the talk goes on', () => {
    const u = useUnreadMarker()
    u.arrivedUnseen([10])
    u.wrote()
    expect(u.divider.value).toBeNull()

    u.arrivedUnseen([20])
    u.arrivedSeen([21]) // not at the end yet when it came: the divider is still news
    expect(u.divider.value).toBe(20)
    u.seen(true)
    u.arrivedSeen([22])
    expect(u.divider.value).toBeNull()
  })
})
