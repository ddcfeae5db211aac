import { nextTick, onBeforeUnmount, onMounted, type Ref } from 'vue'

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * Keeps Tab inside `container` while it is mounted, focuses `initial` (or the first
 * focusable element) on open and gives focus back to whatever had it on close.
 */
export function useFocusTrap(
  container: Ref<HTMLElement | null>,
  options: { initial?: Ref<HTMLElement | null>; onEscape?: () => void } = {},
) {
  let previous: HTMLElement | null = null

  function focusables(): HTMLElement[] {
    const el = container.value
    if (!el) return []
    return [...el.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (node) => !node.hasAttribute('inert') && node.getClientRects().length > 0,
    )
  }

  function onKeydown(event: KeyboardEvent) {
    if (event.key === 'Escape' && options.onEscape) {
      event.stopPropagation()
      options.onEscape()
      return
    }
    if (event.key !== 'Tab') return
    const items = focusables()
    if (items.length === 0) {
      event.preventDefault()
      return
    }
    const first = items[0]!
    const last = items[items.length - 1]!
    const active = document.activeElement
    if (event.shiftKey && (active === first || !container.value?.contains(active))) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && (active === last || !container.value?.contains(active))) {
      event.preventDefault()
      first.focus()
    }
  }

  onMounted(async () => {
    previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    document.addEventListener('keydown', onKeydown, true)
    await nextTick()
    const target = options.initial?.value ?? focusables()[0] ?? container.value
    target?.focus()
  })

  onBeforeUnmount(() => {
    document.removeEventListener('keydown', onKeydown, true)
    if (previous?.isConnected) previous.focus()
  })
}
