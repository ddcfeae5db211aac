import { computed, nextTick, ref, type Ref } from 'vue'
import type { Member } from '../../../protocol/frames'

const MAX_CANDIDATES = 6

/**
 * The "@name" menu of the composer: which members match what follows the `@` before the
 * caret, moving through them with the arrow keys, and putting the chosen name in the draft.
 */
export function useMentionAutocomplete(
  textarea: Ref<HTMLTextAreaElement | null>,
  draft: Ref<string>,
  members: () => readonly Member[],
) {
  const mention = ref<{ start: number; query: string } | null>(null)
  const index = ref(0)
  const candidates = computed(() => {
    if (!mention.value) return []
    const q = mention.value.query.toLowerCase()
    return members()
      .filter((m) => m.name.toLowerCase().startsWith(q) || m.name.toLowerCase().includes(q))
      .slice(0, MAX_CANDIDATES)
  })
  const open = computed(() => !!mention.value && candidates.value.length > 0)

  /** Looks at the text before the caret: an `@` starting a word opens the menu. */
  function update() {
    const el = textarea.value
    if (!el) return
    const before = draft.value.slice(0, el.selectionStart)
    const match = /(^|\s)@([^\s@]{0,32})$/.exec(before)
    mention.value = match ? { start: before.length - match[2]!.length - 1, query: match[2]! } : null
    index.value = 0
  }

  function choose(member: Member) {
    const el = textarea.value
    if (!el || !mention.value) return
    const end = el.selectionStart
    const insert = `@${member.name} `
    draft.value = draft.value.slice(0, mention.value.start) + insert + draft.value.slice(end)
    const caret = mention.value.start + insert.length
    mention.value = null
    void nextTick(() => {
      el.focus()
      el.setSelectionRange(caret, caret)
    })
  }

  function dismiss() {
    mention.value = null
  }

  /** Handles the menu's keys while it is open; true when the key was the menu's. */
  function onKeydown(event: KeyboardEvent): boolean {
    if (!mention.value || !candidates.value.length) return false
    const n = candidates.value.length
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      index.value = (index.value + (event.key === 'ArrowDown' ? 1 : n - 1)) % n
      return true
    }
    if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault()
      choose(candidates.value[index.value]!)
      return true
    }
    if (event.key === 'Escape') {
      event.preventDefault()
      dismiss()
      return true
    }
    return false
  }

  return { candidates, index, open, update, choose, dismiss, onKeydown }
}
