import { ref } from 'vue'

/**
 * Where the messages a reader has not seen begin, while they are scrolled up in the
 * conversation: how many came (the "new messages" pill), the first of those since the pill
 * appeared (where it jumps), and the "New messages" divider. The divider stays where the
 * unseen messages began while the reader reads on; it goes once they write something, or
 * once they have read to the end and the conversation carries on live. A later batch, after
 * the reader had caught up, moves it.
 */
export function useUnreadMarker() {
  const unseen = ref(0)
  /** The first message the pill counts: where it jumps. */
  const firstUnseen = ref<number | null>(null)
  /** The divider sits just before this message. */
  const divider = ref<number | null>(null)
  /** The reader reached the end since the divider was placed. */
  let caughtUp = false

  /** Messages from others (their ids, in order) came while the reader was scrolled up. */
  function arrivedUnseen(ids: number[]) {
    const first = ids[0]
    if (first === undefined) return
    if (unseen.value === 0) firstUnseen.value = first
    unseen.value += ids.length
    if (divider.value === null || caughtUp) {
      divider.value = first
      caughtUp = false
    }
  }

  /** Messages came while the reader follows the end: read as they come. */
  function arrivedSeen(ids: number[]) {
    if (ids.length > 0 && caughtUp) divider.value = null
  }

  /** The reader is at the end, or was taken to the first unseen message: the pill goes. */
  function seen(atEnd: boolean) {
    unseen.value = 0
    firstUnseen.value = null
    if (atEnd && divider.value !== null) caughtUp = true
  }

  /** The reader sent something: they are past whatever was new. */
  function wrote() {
    divider.value = null
    caughtUp = false
  }

  return { unseen, firstUnseen, divider, arrivedUnseen, arrivedSeen, seen, wrote }
}
