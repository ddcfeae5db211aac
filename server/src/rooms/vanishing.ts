/**
 * Vanishing messages: a message with `expires_at` is deleted from the room's history at that
 * moment, by every process that serves a member of the room (deleting is idempotent: the first
 * one tells the room, the others find it gone), and never handed to a member after it.
 */
import { VANISH_CHOICES, type StoredFrame } from '../../../protocol/index.js'
import type { Store } from '../store/store.js'
import { InvalidTimer } from './errors.js'

// setTimeout fires at once past 2^31-1 ms; a timer never needs more than an hour.
const MAX_TIMER_MS = 2 ** 31 - 1

/** The timer a message gets: the one it asked for, else the room's default. */
export function vanishSeconds(asked: number | undefined, roomDefault: number): number {
  if (asked === undefined) return roomDefault
  if (!VANISH_CHOICES.includes(asked)) throw new InvalidTimer()
  return asked
}

export class VanishTimers {
  private readonly timers = new Map<number, NodeJS.Timeout>()

  constructor(
    private readonly roomId: string,
    private readonly store: Pick<Store, 'edits' | 'files'>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Arms the timer of a vanishing message (once per id). */
  watch(frame: StoredFrame): void {
    if (frame.type !== 'message' || !frame.expires_at || this.timers.has(frame.id)) return
    const delay = Date.parse(frame.expires_at) - Date.now()
    const timer = setTimeout(
      () => void this.expire(frame.id),
      Math.min(Math.max(0, delay), MAX_TIMER_MS),
    )
    timer.unref()
    this.timers.set(frame.id, timer)
  }

  /**
   * What of `history` a member may still be given: vanished messages left out (and deleted
   * now, if no timer did it yet); the timers of the others armed.
   */
  sift(history: StoredFrame[]): StoredFrame[] {
    const now = Date.now()
    return history.filter((frame) => {
      const gone =
        frame.type === 'message' && frame.expires_at && Date.parse(frame.expires_at) <= now
      this.watch(frame)
      return !gone
    })
  }

  /** The message is gone already (deleted by hand): its timer is not needed. */
  forget(id: number): void {
    clearTimeout(this.timers.get(id))
    this.timers.delete(id)
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }

  private async expire(id: number): Promise<void> {
    this.timers.delete(id)
    try {
      const event = { type: 'deleted', message_id: id, by: 'timer' } as const
      const removed = await this.store.edits.remove(this.roomId, id, event)
      // The first process to delete it takes its file along; the others found it gone.
      if (removed?.type === 'message' && removed.file) {
        await this.store.files.deleteBlob(this.roomId, removed.file.blob)
      }
    } catch (error) {
      this.onError(error)
    }
  }
}
