/**
 * The resume token of this tab's membership in each room (see the README's quiet reconnects):
 * in sessionStorage, so a reload or a drop of this tab comes back quietly. Another tab gets it
 * only when the tab in the room hands it over (useTabHandover). Storage can be unavailable
 * (privacy modes): then there is no quiet return.
 */
const storageKey = (roomId: string) => `chatty:resume:${roomId}`

export function resumeToken(roomId: string): string | null {
  try {
    return sessionStorage.getItem(storageKey(roomId))
  } catch {
    return null
  }
}

/** Keeps the token of the latest join; a join without one leaves nothing to resume. */
export function rememberResumeToken(roomId: string, token: string | undefined): void {
  try {
    if (token) sessionStorage.setItem(storageKey(roomId), token)
    else sessionStorage.removeItem(storageKey(roomId))
  } catch {
    // No storage: nothing to keep.
  }
}

/** The membership is over (the room ended, or refused this tab for good). */
export function forgetResumeToken(roomId: string): void {
  rememberResumeToken(roomId, undefined)
}
