/**
 * How the tabs of one browser speak about one room: a BroadcastChannel for their messages,
 * and a Web Lock that the tab in the room holds. The browser lets go of a lock when its tab
 * closes or crashes, so "another tab is in this room" and "that tab is gone" need no timer.
 */

/** What a tab in the room hands to the tab that takes its place: the same member, quietly. */
export interface Handover {
  name: string
  avatar: string
  /** Its resume token (kept per tab, in sessionStorage): the server's "same member". */
  resumeToken: string | null
  /** What the tab kept to get past the room's password (`access-secrets.ts`), if any. */
  accessSecret?: string | null
}

export type TabMessage =
  /** A tab asks the one in the room to step aside. */
  | { kind: 'hand-over'; from: string }
  /** The tab that was in the room answers the asker. */
  | { kind: 'handed-over'; from: string; to: string; handover: Handover }
  /** The asker has the handover: the old tab may let go of the lock. */
  | { kind: 'took-over'; to: string }

export interface TabLink {
  post(message: TabMessage): void
  onMessage(handler: (message: TabMessage) => void): void
  /**
   * Resolves once this tab holds the room's lock (waiting while another tab does), with the
   * function that lets go of it. Rejects when `signal` aborts first.
   */
  acquire(signal?: AbortSignal): Promise<() => void>
  /** Some tab of this browser holds the room's lock (this one included). */
  isHeld(): Promise<boolean>
  close(): void
}

function isTabMessage(data: unknown): data is TabMessage {
  const kind = (data as { kind?: unknown } | null)?.kind
  return kind === 'hand-over' || kind === 'handed-over' || kind === 'took-over'
}

/** The browser's link between its tabs for `roomId`; null where it has no channel or locks. */
export function browserTabLink(roomId: string): TabLink | null {
  if (typeof BroadcastChannel === 'undefined' || typeof navigator === 'undefined') return null
  const locks = navigator.locks as LockManager | undefined
  if (!locks) return null
  const name = `chatty:room:${roomId}`
  const channel = new BroadcastChannel(name)
  return {
    post: (message) => channel.postMessage(message),
    onMessage(handler) {
      channel.onmessage = (event: MessageEvent) => isTabMessage(event.data) && handler(event.data)
    },
    acquire: (signal) =>
      new Promise((resolve, reject) => {
        locks
          .request(name, { signal }, () => new Promise<void>((letGo) => resolve(() => letGo())))
          .catch(reject)
      }),
    async isHeld() {
      const { held } = await locks.query()
      return held?.some((lock) => lock.name === name) ?? false
    },
    close: () => channel.close(),
  }
}
