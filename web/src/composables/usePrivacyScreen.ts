/**
 * Hide the screen: one click or Alt+Shift+H blanks the app at once (someone walks up), and
 * only a click brings it back. Nothing is lost meanwhile: the page stays connected and keeps
 * receiving; it is only not shown. Alt+Shift+H collides with nothing the app binds (Escape
 * closes dialogs, Enter sends, Ctrl/Cmd+F searches) nor with a browser's own shortcuts.
 */
import { ref } from 'vue'
import { useEventListener } from '@vueuse/core'

const hidden = ref(false)

export function usePrivacyScreen() {
  return {
    hidden,
    hide: () => {
      hidden.value = true
    },
    show: () => {
      hidden.value = false
    },
  }
}

/** Whether a key event is the shortcut that hides the screen. */
export function isHideShortcut(event: KeyboardEvent): boolean {
  return event.code === 'KeyH' && event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey
}

/** Binds the shortcut for the whole app (once, at its root). */
export function usePrivacyShortcut(): void {
  useEventListener(window, 'keydown', (event: KeyboardEvent) => {
    if (!isHideShortcut(event)) return
    event.preventDefault()
    hidden.value = true
  })
}
