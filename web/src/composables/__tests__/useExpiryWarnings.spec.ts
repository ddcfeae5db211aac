import { describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { useExpiryWarnings, warningText } from '../useExpiryWarnings'

function setup(start: number | null) {
  const remaining = ref<number | null>(start)
  let lastId = 4
  const onWarn = vi.fn()
  const scope = effectScope()
  const { warnings } = scope.run(() =>
    useExpiryWarnings(remaining, { afterId: () => lastId, onWarn }),
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
      ['This room vanishes in 5 minutes, with every message in it.', 4],
    ])
    t.setLastId(9)
    for (const left of [120, 61, 60, 59, 1, 0]) {
      t.remaining.value = left
      await nextTick()
    }
    expect(t.warnings.value.map((w) => [w.content, w.afterId])).toEqual([
      ['This room vanishes in 5 minutes, with every message in it.', 4],
      ['This room vanishes in 1 minute, with every message in it.', 9],
    ])
    expect(t.onWarn).toHaveBeenCalledTimes(2)
    t.scope.stop()
  })

  it('tells a late arrival only the nearest warning, with the time really left', () => {
    const t = setup(45)
    expect(t.warnings.value.map((w) => w.content)).toEqual([warningText(45)])
    expect(warningText(45)).toContain('1 minute')
    expect(warningText(170)).toContain('3 minutes')
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
