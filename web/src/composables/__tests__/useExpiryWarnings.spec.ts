import { describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useExpiryWarnings, warningText, warningThresholds } from '../useExpiryWarnings'

function setup(start: number | null, lifetime: number | null = 3600) {
  const remaining = ref<number | null>(start)
  let lastId = 4
  const onWarn = vi.fn()
  const scope = effectScope()
  const { warnings } = scope.run(() =>
    useExpiryWarnings(remaining, { afterId: () => lastId, lifetime: () => lifetime, onWarn }),
  )!
  return { remaining, warnings, onWarn, setLastId: (id: number) => (lastId = id), scope }
}

describe('useExpiryWarnings', () => {
  it('warns once at five minutes and once at one minute, after the latest message', async () => {
    const t = setup(3600)
    for (const left of [3599, 301]) {
      t.remaining.value = left
      await nextTick()
    }
    expect(t.warnings.value).toEqual([])
    t.remaining.value = 300
    await nextTick()
    t.remaining.value = 299
    await nextTick()
    expect(t.warnings.value.map((w) => [w.content, w.afterId])).toEqual([
      ['This room vanishes in five minutes, with every message in it.', 4],
    ])
    t.setLastId(9)
    for (const left of [120, 61, 60, 59, 1, 0]) {
      t.remaining.value = left
      await nextTick()
    }
    expect(t.warnings.value.map((w) => [w.content, w.afterId])).toEqual([
      ['This room vanishes in five minutes, with every message in it.', 4],
      ['This room vanishes in one minute, with every message in it.', 9],
    ])
    expect(t.onWarn).toHaveBeenCalledTimes(2)
    t.scope.stop()
  })

  it('tells a late arrival only the nearest warning, with the time really left', () => {
    const t = setup(45)
    expect(t.warnings.value.map((w) => w.content)).toEqual([warningText(45)])
    expect(warningText(45)).toContain('in one minute')
    expect(warningText(20)).toContain('in less than a minute')
    expect(warningText(170)).toContain('in three minutes')
    expect(warningText(299)).toContain('in five minutes')
    t.scope.stop()
  })

  it('warns only at thresholds below the room’s lifetime: a 90-second room hears one minute', async () => {
    expect(warningThresholds(90)).toEqual([60])
    expect(warningThresholds(300)).toEqual([60])
    expect(warningThresholds(600)).toEqual([300, 60])
    expect(warningThresholds(null)).toEqual([300, 60])
    const t = setup(90, 90)
    expect(t.warnings.value).toEqual([])
    t.remaining.value = 60
    await nextTick()
    expect(t.warnings.value.map((w) => w.content)).toEqual([
      'This room vanishes in one minute, with every message in it.',
    ])
    t.scope.stop()
  })

  it('says nothing before the end is known or once it has come', async () => {
    const t = setup(null)
    expect(t.warnings.value).toEqual([])
    t.remaining.value = 0
    await nextTick()
    expect(t.warnings.value).toEqual([])
    t.scope.stop()
  })
})
