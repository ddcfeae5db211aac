import { computed, ref, watch, type Ref } from 'vue'
import { onKeyStroke } from '@vueuse/core'
import type { StoredFrame } from '../../../protocol/frames'
import { findMatches } from '../lib/search'

/**
 * Searching the conversation on the page: the query, the messages that hold it, and the one
 * shown now. Counted from the newest, as a chat is read: "1 of 12" is the latest, and the next
 * one (Enter, ↑) is older. Ctrl+F or ⌘F opens it while `enabled`.
 */
export function useMessageSearch(messages: Ref<readonly StoredFrame[]>, enabled: () => boolean) {
  const open = ref(false)
  const query = ref('')
  /** Bumped every time the search is asked for, so the box takes the focus again. */
  const focusRequest = ref(0)
  const matches = computed(() => (open.value ? findMatches(messages.value, query.value) : []))
  const currentId = ref<number | null>(null)

  // A new query starts at the newest match; a match that left (deleted) moves to the newest.
  watch(query, () => (currentId.value = matches.value.at(-1) ?? null))
  watch(matches, (ids) => {
    if (currentId.value === null || !ids.includes(currentId.value)) {
      currentId.value = ids.at(-1) ?? null
    }
  })

  const position = computed(() => {
    const at = currentId.value === null ? -1 : matches.value.indexOf(currentId.value)
    return at === -1 ? 0 : matches.value.length - at
  })

  function step(by: number) {
    const ids = matches.value
    if (!ids.length) return
    const at = currentId.value === null ? ids.length : ids.indexOf(currentId.value)
    currentId.value = ids[(at + by + ids.length) % ids.length]!
  }

  function show() {
    open.value = true
    focusRequest.value += 1
  }

  function close() {
    open.value = false
    query.value = ''
    currentId.value = null
  }

  onKeyStroke(['f', 'F'], (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || !enabled()) return
    event.preventDefault()
    show()
  })

  return {
    open,
    query,
    focusRequest,
    matches,
    currentId,
    /** 1 for the newest match; 0 when there is none. */
    position,
    older: () => step(-1),
    newer: () => step(1),
    setQuery: (text: string) => (query.value = text),
    show,
    close,
  }
}

export type MessageSearch = ReturnType<typeof useMessageSearch>
