/**
 * Batched appends for the Redis store. Every message of one room appended within one
 * batch window goes to Redis as one script call (`appendBatchScript`): one round of key
 * lookups, one trim, one TTL refresh and one pub/sub message for the lot, instead of one
 * of each per message.
 *
 * The window: a batch is sent from `setImmediate`, right after the I/O callbacks of the
 * turn that produced it, unless the previous batch left less than `BATCH_WINDOW_MS` ago;
 * then it waits for the rest of that millisecond. A quiet process therefore adds no delay
 * at all, and a busy one at most about 1 ms, while sending at most one script call per
 * room and millisecond (each call is a write syscall here and a script run in Redis, which
 * at tens of thousands of messages a second would otherwise be most of the cost).
 *
 * Order and ids stay those of the calls: a room's batch keeps call order, the script gives
 * it consecutive ids, and any other write of the room (member change, typing) flushes the
 * room's pending batch first, so it still reaches Redis after the appends called before it.
 */
import type { StoredFrame } from '../../../../protocol/index.js'
import type { MessageDraft } from '../store.js'

/** Sends one room's batch: `parts` is head, tail, head, tail…; resolves with the first id or null. */
export type SendBatch = (roomId: string, parts: string[]) => Promise<number | null>

/**
 * The most messages in one script call: bounds how long one call keeps Redis busy (a
 * script runs alone) and the size of one pub/sub message. A larger batch goes as several
 * calls, in order.
 */
export const MAX_BATCH = 256

/** The shortest gap between two flushes (see above). */
export const BATCH_WINDOW_MS = 1

interface Pending {
  draft: MessageDraft
  resolve: (frame: StoredFrame | null) => void
  reject: (error: unknown) => void
}

interface RoomBatch {
  pending: Pending[]
  parts: string[]
}

export class AppendBatcher {
  private batches = new Map<string, RoomBatch>()
  private scheduled = false
  private lastFlushAt = -Infinity

  constructor(private readonly send: SendBatch) {}

  /** Queues one message; it is sent with the rest of its room's batch at the end of this turn. */
  append(roomId: string, draft: MessageDraft): Promise<StoredFrame | null> {
    const { type, ...rest } = draft
    let body: string
    try {
      // Serialized here, so a message that cannot be serialized fails alone, before it joins a batch.
      body = JSON.stringify(rest)
    } catch (error) {
      return Promise.reject(error)
    }
    const head = `{"type":${JSON.stringify(type)},"id":`
    const tail = body === '{}' ? '}' : `,${body.slice(1)}`
    let batch = this.batches.get(roomId)
    if (!batch) {
      batch = { pending: [], parts: [] }
      this.batches.set(roomId, batch)
    }
    batch.parts.push(head, tail)
    const promise = new Promise<StoredFrame | null>((resolve, reject) =>
      batch.pending.push({ draft, resolve, reject }),
    )
    if (batch.pending.length >= MAX_BATCH) this.flush(roomId)
    else if (!this.scheduled) this.schedule()
    return promise
  }

  /** Sends the room's pending appends now (before another write of that room). */
  flush(roomId: string): void {
    const batch = this.batches.get(roomId)
    if (!batch) return
    this.batches.delete(roomId)
    this.sendBatch(roomId, batch)
  }

  private schedule(): void {
    this.scheduled = true
    const wait = this.lastFlushAt + BATCH_WINDOW_MS - performance.now()
    if (wait <= 0) setImmediate(() => this.flushAll())
    else setTimeout(() => this.flushAll(), wait)
  }

  /** Sends every pending batch. */
  flushAll(): void {
    this.scheduled = false
    this.lastFlushAt = performance.now()
    const batches = this.batches
    if (batches.size === 0) return
    this.batches = new Map()
    for (const [roomId, batch] of batches) this.sendBatch(roomId, batch)
  }

  private sendBatch(roomId: string, { pending, parts }: RoomBatch): void {
    this.send(roomId, parts).then(
      (first) => {
        for (let i = 0; i < pending.length; i++) {
          const { draft, resolve } = pending[i]!
          if (first === null) {
            resolve(null)
            continue
          }
          // Built like the JSON the script stored: `type`, then `id`, then the rest.
          const { type, ...rest } = draft
          resolve({ type, id: first + i, ...rest } as StoredFrame)
        }
      },
      (error: unknown) => {
        for (const { reject } of pending) reject(error)
      },
    )
  }
}
