/**
 * The Redis store's room records and history: the room hash (with its TTL set in the
 * same transaction), the message sorted set, and appends batched per room and turn
 * (`append-batch.ts`) into one script that stores and publishes them together.
 */
import type { StoredFrame } from '../../../../protocol/index.js'
import { StoreUnavailable } from '../../rooms/errors.js'
import type { MessageDraft, RoomRecord } from '../store.js'
import { AppendBatcher } from './append-batch.js'
import { COMMAND_TIMEOUT_MS } from './connection.js'
import type { RedisContext } from './context.js'
import { appendBatchScript, destroyRoomScript } from './scripts-rooms.js'

/**
 * An append must run in Redis this long before its caller's timeout, or it is refused: time
 * for the reply to travel back, and for the clocks of this host and Redis to differ.
 */
const LATE_REPLY_MARGIN_MS = 300

export class RedisRooms {
  private readonly batcher: AppendBatcher

  constructor(
    private readonly ctx: RedisContext,
    /** Told of every history read: the room feed measures a loss of writes against it. */
    private readonly onHistoryRead: (roomId: string, json: string[]) => void,
  ) {
    const { redis, keys, health } = ctx
    this.batcher = new AppendBatcher(async (roomId, parts) => {
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

  /**
   * Sends the room's batched appends now. Every other write of the room calls this first,
   * so the room's events keep their call order.
   */
  flush(roomId: string): void {
    this.batcher.flush(roomId)
  }

  flushAll(): void {
    this.batcher.flushAll()
  }

  async createRoom(room: RoomRecord): Promise<void> {
    const key = this.ctx.keys.room(room.id)
    const results = await this.ctx.health.run(() =>
      this.ctx.redis
        .multi()
        .hset(key, {
          created_at: room.createdAt,
          expires_at: room.expiresAt,
          encrypted: room.encrypted ? 1 : 0,
          locked: room.locked ? 1 : 0,
          ...(room.creatorHash && { creator: room.creatorHash }),
          ...(room.epoch && { epoch: room.epoch }),
        })
        .pexpireat(key, room.expiresAt)
        .exec(),
    )
    const failed = results?.find(([error]) => error)
    if (failed) throw failed[0]
  }

  async getRoom(roomId: string): Promise<RoomRecord | null> {
    const [createdAt, expiresAt, encrypted, creator, locked, epoch] = await this.ctx.health.run(
      () =>
        this.ctx.redis.hmget(
          this.ctx.keys.room(roomId),
          'created_at',
          'expires_at',
          'encrypted',
          'creator',
          'locked',
          'epoch',
        ),
    )
    if (createdAt == null || expiresAt == null || Number(expiresAt) <= Date.now()) return null
    return {
      id: roomId,
      createdAt: Number(createdAt),
      expiresAt: Number(expiresAt),
      encrypted: encrypted === '1',
      ...(creator && { creatorHash: creator }),
      ...(locked === '1' && { locked: true }),
      ...(epoch && { epoch }),
    }
  }

  // Batched with the room's other appends of this turn (see `append-batch.ts`).
  append(roomId: string, draft: MessageDraft): Promise<StoredFrame | null> {
    return this.batcher.append(roomId, draft)
  }

  async history(roomId: string, afterId: number, limit: number): Promise<StoredFrame[]> {
    const json = await this.historyJson(roomId, afterId, limit)
    // Members here now hold these ids: a later loss of writes is measured against them.
    this.onHistoryRead(roomId, json)
    return json.map((frame) => JSON.parse(frame) as StoredFrame)
  }

  /** The latest `limit` stored frames after `afterId`, oldest first, as stored. */
  async historyJson(roomId: string, afterId: number, limit: number): Promise<string[]> {
    if (limit <= 0) return []
    const newestFirst = await this.ctx.health.run(() =>
      this.ctx.redis.zrevrangebyscore(
        this.ctx.keys.messages(roomId),
        '+inf',
        `(${afterId}`,
        'LIMIT',
        0,
        limit,
      ),
    )
    return newestFirst.reverse()
  }

  async message(roomId: string, id: number): Promise<StoredFrame | null> {
    const [json] = await this.ctx.health.run(() =>
      this.ctx.redis.zrangebyscore(this.ctx.keys.messages(roomId), id, id),
    )
    return json === undefined ? null : (JSON.parse(json) as StoredFrame)
  }

  /** Publishes `room_closed` and deletes the room's keys; false when it was already gone. */
  async destroyRoom(roomId: string): Promise<boolean> {
    // Appends still batched go first, so none can recreate a key after the deletion.
    this.batcher.flush(roomId)
    const { redis, keys } = this.ctx
    const done = await this.ctx.health.run(() =>
      destroyRoomScript.run(redis, keys.roomKeys(roomId), [keys.channel(roomId)]),
    )
    return done === 1
  }
}
