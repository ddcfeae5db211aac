import { ref, watch } from 'vue'

const storageKey = (roomId: string) => `chatty:draft:${roomId}`

function storage(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}

/**
 * The text in the message box of one room, kept in this tab's sessionStorage so that a
 * reload does not lose it (another tab, or the next visit, starts empty); an empty box keeps
 * nothing, so a sent message leaves nothing behind.
 */
export function useDraft(roomId: string) {
  const store = storage()
  const draft = ref(store?.getItem(storageKey(roomId)) ?? '')
  watch(draft, (text) => {
    try {
      if (text) store?.setItem(storageKey(roomId), text)
      else store?.removeItem(storageKey(roomId))
    } catch {
      // Storage full or refused: the draft lives on the page only.
    }
  })
  return draft
}
