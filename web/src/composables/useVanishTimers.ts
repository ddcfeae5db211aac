import { getCurrentScope, onScopeDispose, watch } from 'vue'
import type { StoredFrame } from '../../../protocol/frames'
import { nextVanishing, vanished } from '../lib/message-lifecycle'

// setTimeout fires at once past 2^31-1 ms; a message timer is an hour at most.
const MAX_DELAY_MS = 2 ** 31 - 1

/**
 * Vanishing messages leave the page at their deadline, by the server's clock (`serverNow`),
 * whether or not the server's `deleted` has come yet (it may be on its way, or the
 * connection down): the server deletes them from history at the same moment.
 */
export function useVanishTimers(
  messages: () => readonly StoredFrame[],
  serverNow: () => number,
  expire: (ids: number[]) => void,
) {
  let timer: ReturnType<typeof setTimeout> | undefined

  function arm() {
    clearTimeout(timer)
    timer = undefined
    const list = messages()
    const gone = vanished(list, serverNow())
    if (gone.length) return expire(gone)
    const next = nextVanishing(list)
    if (next === null) return
    timer = setTimeout(arm, Math.min(Math.max(0, next - serverNow()), MAX_DELAY_MS))
  }

  // `expire` changes the list, which arms the next one.
  watch(messages, arm, { immediate: true })
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer))
}
