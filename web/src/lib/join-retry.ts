/** How often a join turned away for now is sent again. */
const RETRY_EVERY_MS = 2000
/**
 * How long a rejoin keeps retrying its own name: as long as the server says a name can stay
 * held after its connection is gone (`limits.name_hold_seconds` in `joined`: a process that
 * died holds it for at most 7 heartbeats), plus slack for the rejoin itself. Before the
 * first `joined` of this tab, or from an older server: 35 s, the bound at the defaults.
 */
const NAME_HOLD_DEFAULT_SECONDS = 35
const SLACK_MS = 5_000

export interface JoinRetryOptions {
  /** Sends the join again. */
  join: () => void
  /** `limits.name_hold_seconds` of the latest `joined`, when there was one. */
  nameHoldSeconds: () => number | undefined
}

/**
 * Sends a join again that the server turned away for now: its store was unreachable, or
 * after a server restart our previous connection still holds our name for a moment (a
 * ghost). Every 2 s, for as long as a name can stay held, counted from the first refusal on
 * this connection.
 */
export function createJoinRetry(options: JoinRetryOptions) {
  /** When this connection's join was first turned away (0: not yet). */
  let since = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const windowMs = () => (options.nameHoldSeconds() ?? NAME_HOLD_DEFAULT_SECONDS) * 1000 + SLACK_MS

  return {
    /** A refusal: false once the window is over (the refusal stands), else the join goes again. */
    retry(): boolean {
      since ||= Date.now()
      if (Date.now() - since >= windowMs()) return false
      timer = setTimeout(options.join, RETRY_EVERY_MS)
      return true
    },
    /** A join is going out (or the session ends): no second one from an older refusal. */
    cancel() {
      clearTimeout(timer)
    },
    /** A new connection: its window starts at its own first refusal. */
    reset() {
      since = 0
    },
  }
}
