/**
 * Appending messages on the Redis store: every message of one room appended within one
 * batch window goes to Redis as one script call (`appendBatchScript`, below) that gives
 * them their ids, stores and trims them and publishes them as one pub/sub message: one round of key
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
import { StoreUnavailable } from '../../rooms/errors.js'
import type { MessageDraft } from '../store.js'
import { COMMAND_TIMEOUT_MS } from './connection.js'
import type { RedisContext } from './context.js'
import { LuaScript, NOW_MS } from './lua.js'

/** Sends one room's batch: `parts` is head, tail, head, tail…; resolves with the first id or null. */
export type SendBatch = (roomId: string, parts: string[]) => Promise<number | null>

/**
 * An append must run in Redis this long before its caller's timeout, or it is refused: time
 * for the reply to travel back, and for the clocks of this host and Redis to differ.
 */
const LATE_REPLY_MARGIN_MS = 300

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

  /** The batcher of a Redis store: each batch is one `appendBatchScript` call. */
  static forRedis(ctx: RedisContext): AppendBatcher {
    const { redis, keys, health } = ctx
    return new AppendBatcher(async (roomId, parts) => {
      // Its caller is told "unavailable, not sent" after COMMAND_TIMEOUT_MS; the script must
      // not store it after that, with room for the reply to come back (see the script).
      const deadline = Date.now() + COMMAND_TIMEOUT_MS - LATE_REPLY_MARGIN_MS
      const first = await health.run(
        () =>
          appendBatchScript.run(
            redis,
            [keys.room(roomId), keys.seq(roomId), keys.messages(roomId)],
            [keys.channel(roomId), ctx.historyLimit, deadline, ...parts],
          ) as Promise<number | null>,
      )
      if (first === -1) throw new StoreUnavailable()
      return first
    })
  }

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

/**
 * KEYS: room, seq, messages. ARGV: channel, history limit, deadline (Redis time, ms), then
 * for each message of the batch its JSON up to the id and its JSON after the id. Gives the
 * messages consecutive ids, stores them, trims once, refreshes the TTLs once and publishes
 * them as one message (their JSON joined by newlines, which JSON text never contains).
 * Returns the first id, nil when the room is gone, or -1 when it runs after its deadline
 * (ioredis re-sent it after a failover, when the sender had long given up): then none is
 * stored.
 */
export const appendBatchScript = new LuaScript(
  'chattyAppendBatch',
  3,
  `${NOW_MS}
-- Past its deadline the sender has told its members the batch was not sent: refuse it.
local now = now_ms()
if now > tonumber(ARGV[3]) then return -1 end
local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
-- In its last millisecond a room key still exists, but PEXPIREAT to that millisecond
-- would delete the counter and restart the ids: the room is gone from its deadline on.
if not expires_at or tonumber(expires_at) <= now then return false end
local n = (#ARGV - 3) / 2
local first = redis.call('INCRBY', KEYS[2], n) - n + 1
redis.call('PEXPIREAT', KEYS[2], expires_at)
local frames = {}
local scored = {}
for i = 1, n do
  local id = first + i - 1
  local json = ARGV[2 * i + 2] .. id .. ARGV[2 * i + 3]
  frames[i] = json
  scored[2 * i - 1] = id
  scored[2 * i] = json
end
redis.call('ZADD', KEYS[3], unpack(scored))
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -tonumber(ARGV[2]) - 1)
redis.call('PEXPIREAT', KEYS[3], expires_at)
redis.call(PUBLISH, ARGV[1], table.concat(frames, '\\n'))
return first
`,
)
