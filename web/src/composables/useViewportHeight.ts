import { onScopeDispose } from 'vue'

/**
 * Phones shrink the visual viewport when the keyboard opens but not always the layout
 * viewport; sizing the app to the visual viewport keeps the composer above the keyboard.
 */
export function useViewportHeight() {
  const vv = window.visualViewport
  if (!vv) return
  const root = document.documentElement
  const update = () => {
    // Pinch-zoom also shrinks the visual viewport; only the keyboard should resize the shell.
    if (Math.abs(vv.scale - 1) > 0.01) return
    root.style.setProperty('--app-height', `${Math.round(vv.height)}px`)
    // iOS scrolls the page under the keyboard; keep the shell pinned to the top.
    if (window.scrollY !== 0) window.scrollTo(0, 0)
  }
  update()
  vv.addEventListener('resize', update)
  onScopeDispose(() => vv.removeEventListener('resize', update))
}
