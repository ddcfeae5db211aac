import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { effectScope, nextTick } from 'vue'
import { THEME_STORAGE_KEY, useTheme } from '../useTheme'

type HappyWindow = Window & { happyDOM: { settings: { device: { prefersColorScheme: string } } } }
const setSystem = (scheme: 'light' | 'dark') =>
  ((window as unknown as HappyWindow).happyDOM.settings.device.prefersColorScheme = scheme)

// Each page's theme lives in its own scope: once that scope is stopped, the next `useTheme()`
// starts afresh and reads the stored pick, as a new page load does.
function mount() {
  const scope = effectScope()
  const theme = scope.run(() => useTheme())!
  return { theme, stop: () => scope.stop() }
}

describe('useTheme', () => {
  beforeEach(() => {
    localStorage.clear()
    document.documentElement.classList.remove('dark')
  })
  afterEach(() => setSystem('light'))

  it('follows the system on a first visit', async () => {
    setSystem('dark')
    const { theme, stop } = mount()
    await nextTick()
    expect(theme.isDark.value).toBe(true)
    expect(document.documentElement.classList.contains('dark')).toBe(true)
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull()
    stop()
  })

  it('remembers an explicit pick, even when the system says otherwise', async () => {
    setSystem('light')
    const first = mount()
    await nextTick()
    expect(first.theme.isDark.value).toBe(false)
    first.theme.toggle()
    await nextTick()
    expect(document.documentElement.classList.contains('dark')).toBe(true)
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark')
    first.stop()

    // A new page load on a light system keeps the dark pick.
    document.documentElement.classList.remove('dark')
    const second = mount()
    await nextTick()
    expect(second.theme.isDark.value).toBe(true)
    expect(document.documentElement.classList.contains('dark')).toBe(true)
    second.theme.toggle()
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light')
    second.stop()
  })
})
