import { getCurrentScope, onScopeDispose, ref, watch, type Ref } from 'vue'
import { toBase64url } from '../lib/base64url'
import { browserTabLink, type Handover, type TabLink } from '../lib/tab-link'

/**
 * How long "Continue here" waits on a tab that holds the room yet does not answer (frozen by
 * the browser, say) before going in as if it were not there.
 */
export const NO_ANSWER_MS = 5000

export interface TabSession {
  /** This tab is in the room (joining or joined). */
  inRoom: Ref<boolean>
  /** Steps aside for another tab: what that tab needs to be the same member; null if not in. */
  handOver: () => Handover | null
}

/**
 * One member per browser and room, in whichever tab the person uses: the tab in the room
 * holds the room's lock; a new tab sees it is held and offers "Continue here", which asks the
 * holder to step aside and hand over its place (then that one shows `moved`, and can take the
 * place back the same way). A holder that is gone lets go of the lock by itself.
 */
export function useTabHandover(
  roomId: string,
  session: TabSession,
  link: TabLink | null = browserTabLink(roomId),
) {
  /** This tab handed its place to another tab. */
  const moved = ref(false)
  const continuing = ref(false)
  const tabId = toBase64url(crypto.getRandomValues(new Uint8Array(12)))
  let letGo: (() => void) | null = null
  let acquiring: Promise<void> | null = null
  // A release while the lock is still being acquired makes that acquisition let go at once.
  let generation = 0
  let answer: ((handover: Handover, from: string) => void) | null = null

  function hold(signal?: AbortSignal): Promise<void> {
    if (!link || letGo) return Promise.resolve()
    if (acquiring) return acquiring
    const mine = ++generation
    acquiring = link
      .acquire(signal)
      .then(
        (release) => {
          if (mine === generation) letGo = release
          else release()
        },
        () => {}, // aborted: not held
      )
      .finally(() => {
        if (mine === generation) acquiring = null
      })
    return acquiring
  }

  function release() {
    generation += 1
    letGo?.()
    letGo = null
    acquiring = null
  }

  watch(session.inRoom, (inRoom) => (inRoom ? void hold() : release()))

  link?.onMessage((message) => {
    switch (message.kind) {
      case 'hand-over': {
        // Only the tab in the room answers; the lock goes once the asker has the handover.
        if (!letGo || moved.value) return
        const handover = session.handOver()
        if (!handover) return
        moved.value = true
        link.post({ kind: 'handed-over', from: tabId, to: message.from, handover })
        return
      }
      case 'handed-over':
        if (message.to === tabId) answer?.(message.handover, message.from)
        return
      case 'took-over':
        if (message.to === tabId) release()
        return
    }
  })

  /** Another tab of this browser is in the room (checked before asking for a name). */
  async function heldElsewhere(): Promise<boolean> {
    return !!link && !letGo && !acquiring && (await link.isHeld())
  }

  /**
   * Takes the room's place from the tab that has it: its handover, or null when there was
   * none to take (that tab is gone, or did not answer): then go in as if alone.
   */
  async function continueHere(): Promise<Handover | null> {
    if (!link) return null
    continuing.value = true
    // A tab that handed over and never heard back still holds the lock.
    release()
    const got: { handover: Handover | null } = { handover: null }
    answer = (handover, from) => {
      got.handover = handover
      link.post({ kind: 'took-over', to: from })
    }
    const giveUp = new AbortController()
    const timer = setTimeout(() => giveUp.abort(), NO_ANSWER_MS)
    link.post({ kind: 'hand-over', from: tabId })
    await hold(giveUp.signal)
    clearTimeout(timer)
    answer = null
    continuing.value = false
    moved.value = false
    if (!got.handover) release()
    return got.handover
  }

  if (getCurrentScope()) {
    onScopeDispose(() => {
      release()
      link?.close()
    })
  }

  return { moved, continuing, heldElsewhere, continueHere }
}
