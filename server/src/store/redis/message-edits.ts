/**
 * The Redis store's message changes (`message-edits.ts`): read the message and the replies to
 * it, work out the new JSON here, and write it all with one script that first checks nothing
 * changed meanwhile (else read again). JSON is made by JavaScript only, as for appends.
 */
import type {
  MessageFrame,
  ReplyQuote,
  ServerFrame,
  StoredFrame,
} from '../../../../protocol/index.js'
import { requoted, type MessageEdits } from '../message-edits.js'
import type { RedisContext } from './context.js'
import { rewriteMessagesScript } from './scripts-edits.js'

/** Attempts before giving up on a message that keeps changing under us. */
const ATTEMPTS = 8

export class RedisMessageEdits implements MessageEdits {
  /**
   * Each room's changes made here, one after another: concurrent changes from this process
   * would only make each other read again. Other processes' changes are what the check is for.
   */
  private readonly queues = new Map<string, Promise<unknown>>()

  constructor(
    private readonly ctx: RedisContext,
    /** Sends the room's batched appends first, so the change comes after them. */
    private readonly flush: (roomId: string) => void,
  ) {}

  remove(roomId: string, id: number, event: ServerFrame): Promise<StoredFrame | null> {
    return this.inTurn(roomId, () => this.tryRemove(roomId, id, event))
  }

  update(
    roomId: string,
    id: number,
    change: (message: MessageFrame) => MessageFrame,
    event: (message: MessageFrame) => ServerFrame,
    quote?: (message: MessageFrame) => ReplyQuote,
  ): Promise<MessageFrame | null> {
    return this.inTurn(roomId, () => this.tryUpdate(roomId, id, change, event, quote))
  }

  /** Runs `task` after the room's earlier changes made here have settled. */
  private inTurn<T>(roomId: string, task: () => Promise<T>): Promise<T> {
    const before = this.queues.get(roomId) ?? Promise.resolve()
    const result = before.then(task, task)
    const settled = result.then(
      () => undefined,
      () => undefined,
    )
    this.queues.set(roomId, settled)
    void settled.then(() => {
      if (this.queues.get(roomId) === settled) this.queues.delete(roomId)
    })
    return result
  }

  private async tryRemove(
    roomId: string,
    id: number,
    event: ServerFrame,
  ): Promise<StoredFrame | null> {
    for (let i = 0; i < ATTEMPTS; i++) {
      const read = await this.read(roomId, id, true)
      if (!read) return null
      const quotes = requoted(read.later, id, null)
      const done = await this.write(roomId, event, [[id, read.json, ''], ...triples(quotes, read)])
      if (done === -1) return null
      if (done === 1) return read.frame
    }
    throw new Error('a message kept changing while it was being deleted')
  }

  private async tryUpdate(
    roomId: string,
    id: number,
    change: (message: MessageFrame) => MessageFrame,
    event: (message: MessageFrame) => ServerFrame,
    quote?: (message: MessageFrame) => ReplyQuote,
  ): Promise<MessageFrame | null> {
    for (let i = 0; i < ATTEMPTS; i++) {
      const read = await this.read(roomId, id, quote !== undefined)
      if (read?.frame.type !== 'message') return null
      const next = change(read.frame)
      const quotes = quote ? requoted(read.later, id, quote(next)) : []
      const done = await this.write(roomId, event(next), [
        [id, read.json, JSON.stringify(next)],
        ...triples(quotes, read),
      ])
      if (done === -1) return null
      if (done === 1) return next
    }
    throw new Error('a message kept changing while it was being changed')
  }

  /** Message `id` as stored and, when asked, the frames after it (where its replies are). */
  private async read(roomId: string, id: number, withLater: boolean): Promise<Read | null> {
    this.flush(roomId)
    const key = this.ctx.keys.messages(roomId)
    const json = await this.ctx.health.run(() =>
      this.ctx.redis.zrangebyscore(key, id, withLater ? '+inf' : id),
    )
    const first = json[0]
    if (first === undefined) return null
    const frame = JSON.parse(first) as StoredFrame
    if (frame.id !== id) return null
    const laterJson = json.slice(1)
    const later = laterJson.map((j) => JSON.parse(j) as StoredFrame)
    return { json: first, frame, later, laterJson }
  }

  private async write(
    roomId: string,
    event: ServerFrame,
    rewrites: [number, string, string][],
  ): Promise<number> {
    const { keys, redis } = this.ctx
    const result = await this.ctx.health.run(() =>
      rewriteMessagesScript.run(
        redis,
        [keys.room(roomId), keys.messages(roomId)],
        [keys.channel(roomId), JSON.stringify(event), ...rewrites.flat()],
      ),
    )
    return Number(result)
  }
}

interface Read {
  json: string
  frame: StoredFrame
  later: StoredFrame[]
  /** `later` as stored, the string the script compares with. */
  laterJson: string[]
}

/** Each rewritten quote as (id, JSON as read, new JSON). */
function triples(
  quotes: { before: StoredFrame; after: StoredFrame }[],
  read: Read,
): [number, string, string][] {
  return quotes.map(({ before, after }) => [
    before.id,
    read.laterJson[read.later.indexOf(before)]!,
    JSON.stringify(after),
  ])
}
