/**
 * One room's event stream in one process, made whole again after pub/sub lost part of it.
 *
 * Pub/sub delivers at most once: a message published while this process has no working
 * subscription on the channel's node is gone for this process. That happens whenever the
 * subscriber connection is re-established: a Redis reconnect, and on a cluster every
 * failover (the replica promoted in place of a dead master is subscribed to only once the
 * client has seen the new topology, a moment after other processes may already have
 * published there). Stored frames (messages, system notices) carry consecutive ids per
 * room, so the feed can tell: a stored frame whose id is more than one above the last one
 * delivered shows a gap, and the feed holds it (and everything after it) back, reads the
 * missing frames from the room's history and delivers them first, in id order. A frame at
 * or below the last id was already delivered (a history read overlapping the live stream)
 * and is dropped. `catchUp()`, called once a subscription is re-established, reads what
 * came after the last id even when no later frame has arrived yet to show the gap.
 *
 * What history no longer holds (trimmed to the history limit, or lost with a master that
 * had not replicated it yet) cannot come back, nor what a read still failing after a few
 * seconds of retries would have given: the feed then goes on from the next frame.
 * Frames without an id (member lists, typing) are delivered in arrival order; while a gap
 * is being filled they wait with the rest.
 */
import type { ServerFrame } from '../../../../protocol/index.js'

/** Stored frames of the room with an id above `afterId`, oldest first, as their JSON. */
export type ReadAfter = (afterId: number) => Promise<string[]>

export type Emit = (frame: ServerFrame, json: string) => void

/** Waits between attempts to read missed frames: about 4 s in all, then they are given up. */
export const READ_RETRY_DELAYS_MS = [100, 200, 400, 800, 1000, 1500]

/** The newest stored frame this process handed out, as its id and stored JSON. */
export interface HandedOut {
  id: number
  json: string
}

export class RoomFeed {
  /** The id of the last stored frame delivered; undefined until one was. */
  private lastId: number | undefined
  /**
   * The newest stored frame handed out here, live or in a history read. Members hold ids up
   * to it, so it (not `lastId`, which only the live stream moves) is what a loss of writes
   * is measured against: a member given ids 1–4 by a history read while the stream had
   * delivered only up to 3 must be reset as soon as the counter went back below 4.
   */
  private newest: HandedOut | undefined
  /** Frames that arrived while history is read, delivered after it (undefined: not reading). */
  private deferred: string[] | undefined
  /** A catch-up was asked for while history was being read: read once more afterwards. */
  private again = false

  constructor(
    private readonly readAfter: ReadAfter,
    private readonly emit: Emit,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The newest stored frame handed out here, live or by a history read (undefined: none). */
  get handedOut(): HandedOut | undefined {
    return this.newest
  }

  /** Stored frames (as stored, oldest first) that a history read gave a member here. */
  noteHistory(frames: readonly string[]): void {
    const json = frames.at(-1)
    if (json === undefined) return
    const id = firstStoredId([json])
    if (id !== undefined) this.noteHandedOut(id, json)
  }

  private noteHandedOut(id: number, json: string): void {
    if (!this.newest || id > this.newest.id) this.newest = { id, json }
  }

  /** The stored history was reset behind `handedOut`: go on from `latest`. */
  resetTo(latest: number): void {
    this.lastId = latest
    this.newest = undefined
  }

  /** One pub/sub message: one frame, or a batch of frames joined by newlines. */
  push(message: string): void {
    const frames = message.includes('\n') ? message.split('\n') : [message]
    for (let i = 0; i < frames.length; i++) {
      if (this.deferred) {
        this.deferred.push(...frames.slice(i))
        return
      }
      this.take(frames[i]!, false)
    }
  }

  /**
   * Reads and delivers what came after the last delivered frame. Resolves once done; a read
   * still failing after its retries goes to `onReadError` (default `onError`), and the next
   * catch-up or gap reads again.
   */
  catchUp(onReadError: (error: unknown) => void = this.onError): Promise<void> {
    if (this.deferred) {
      this.again = true
      return Promise.resolve()
    }
    return this.fill(onReadError)
  }

  private take(json: string, fromHistory: boolean): void {
    let frame: ServerFrame
    try {
      frame = JSON.parse(json) as ServerFrame
    } catch (error) {
      this.onError(error)
      return
    }
    if (frame.type === 'message' || frame.type === 'system') {
      if (this.lastId !== undefined) {
        if (frame.id <= this.lastId) return
        if (frame.id > this.lastId + 1 && !fromHistory) {
          this.deferred = [json]
          void this.fill()
          return
        }
      }
      this.lastId = frame.id
      this.noteHandedOut(frame.id, json)
    }
    this.emit(frame, json)
  }

  private async fill(onReadError = this.onError): Promise<void> {
    this.deferred ??= []
    // A failover makes reads fail for a moment too: retry a few times (the room's stream
    // waits meanwhile) before giving the missing frames up.
    for (let attempt = 0; ; attempt++) {
      try {
        // Without a frame delivered yet, all of the history: members drop what they have.
        const missed = await this.readAfter(this.lastId ?? 0)
        for (const json of missed) this.take(json, true)
        break
      } catch (error) {
        const delay = READ_RETRY_DELAYS_MS[attempt]
        if (delay === undefined) {
          onReadError(error)
          break
        }
        await new Promise((resolve) => setTimeout(resolve, delay))
      }
    }
    const deferred = this.deferred
    this.deferred = undefined
    // What history could not give back (trimmed, lost, or the read failed) is gone: go on
    // from the first stored frame deferred, or this would read again for every frame.
    const first = firstStoredId(deferred)
    if (first !== undefined && (this.lastId === undefined || first > this.lastId + 1)) {
      this.lastId = first - 1
    }
    if (deferred.length > 0) this.push(deferred.join('\n'))
    if (this.again && !this.deferred) {
      this.again = false
      await this.fill()
    }
  }
}

function firstStoredId(frames: string[]): number | undefined {
  for (const json of frames) {
    try {
      const frame = JSON.parse(json) as ServerFrame
      if (frame.type === 'message' || frame.type === 'system') return frame.id
    } catch {
      // delivered (and reported) as it is replayed
    }
  }
  return undefined
}
