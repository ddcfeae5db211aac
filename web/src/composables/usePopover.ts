import {
  effectScope,
  getCurrentScope,
  nextTick,
  onScopeDispose,
  ref,
  watch,
  type EffectScope,
  type Ref,
} from 'vue'
import { onClickOutside, useEventListener } from '@vueuse/core'

const MARGIN = 8
const GAP = 4
// Unplaced, it is see-through but focusable (what opens it may focus inside at once).
const UNPLACED = { top: '0px', left: '0px', opacity: '0' }

/**
 * A panel beside its button, drawn over the page (teleported to `body` with `position: fixed`,
 * so the scrolling message list cannot clip it): below the button when it fits, above
 * otherwise, kept inside the window. While open it follows the button when the list scrolls,
 * and closes on a click elsewhere or Escape; `close(true)` gives the focus back to the button.
 * Every message has two, so nothing listens while they are closed.
 */
export function usePopover(anchor: Ref<HTMLElement | null>, panel: Ref<HTMLElement | null>) {
  const open = ref(false)
  const style = ref<Record<string, string>>(UNPLACED)
  let listening: EffectScope | null = null

  function place() {
    const a = anchor.value?.getBoundingClientRect()
    const p = panel.value
    if (!open.value || !a || !p) return
    const { innerWidth: vw, innerHeight: vh } = window
    const w = p.offsetWidth
    const h = p.offsetHeight
    let top = a.bottom + GAP
    if (top + h > vh - MARGIN && a.top - GAP - h >= MARGIN) top = a.top - GAP - h
    top = Math.max(MARGIN, Math.min(top, vh - h - MARGIN))
    // Its right edge at the button's, unless that pushes it out on the left.
    let left = a.right - w
    if (left < MARGIN) left = a.left
    left = Math.max(MARGIN, Math.min(left, vw - w - MARGIN))
    style.value = { top: `${Math.round(top)}px`, left: `${Math.round(left)}px` }
  }

  function close(refocus = false) {
    if (!open.value) return
    open.value = false
    style.value = UNPLACED
    if (refocus) anchor.value?.focus()
  }

  function listen() {
    useEventListener(window, 'resize', place, { passive: true })
    useEventListener(window, 'scroll', place, { capture: true, passive: true })
    useEventListener(document, 'keydown', (event: KeyboardEvent) => {
      if (event.key === 'Escape') close(true)
    })
    onClickOutside(panel, () => close(), { ignore: [anchor] })
  }

  watch(open, async (isOpen) => {
    listening?.stop()
    listening = null
    if (!isOpen) return
    listening = effectScope(true)
    listening.run(listen)
    await nextTick()
    place()
  })
  if (getCurrentScope()) onScopeDispose(() => listening?.stop())

  return {
    open,
    style,
    /** Measures again: the panel changed its size. */
    place: () => void nextTick(place),
    toggle: () => (open.value ? close() : (open.value = true)),
    show: () => (open.value = true),
    close,
  }
}
