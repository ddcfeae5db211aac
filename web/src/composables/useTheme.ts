import { computed, ref, watchEffect } from 'vue'
import { createSharedComposable, usePreferredDark } from '@vueuse/core'

export const THEME_STORAGE_KEY = 'chatty-theme'
type Choice = 'light' | 'dark'

function readChoice(): Choice | null {
  try {
    const v = localStorage.getItem(THEME_STORAGE_KEY)
    return v === 'light' || v === 'dark' ? v : null
  } catch {
    return null
  }
}

/**
 * Light or dark: follows the system until the person picks one, then remembers that
 * pick on this device (an explicit pick survives even when it matches the system).
 * Shared: every caller gets the one instance the app root holds, so a toggle anywhere
 * changes the whole page, and the stored pick is read once, when it starts.
 */
export const useTheme = createSharedComposable(() => {
  const prefersDark = usePreferredDark()
  const choice = ref<Choice | null>(readChoice())
  const isDark = computed(() => (choice.value ? choice.value === 'dark' : prefersDark.value))

  watchEffect(() => {
    document.documentElement.classList.toggle('dark', isDark.value)
  })

  function toggle() {
    choice.value = isDark.value ? 'light' : 'dark'
    try {
      localStorage.setItem(THEME_STORAGE_KEY, choice.value)
    } catch {
      // Private mode without storage: the pick holds for this page only.
    }
  }

  return { isDark, toggle, choice }
})
