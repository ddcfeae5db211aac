/**
 * The Redis store's room records and history: the room hash (with its TTL set in the
 * same transaction) and the message sorted set. Appending is `appends.ts`'s.
 */
import type { StoredFrame } from '../../../../protocol/index.js'
import type { RoomRecord } from '../store.js'
import type { RedisContext } from './context.js'
import { destroyRoomScript } from './scripts-rooms.js'

export class RedisRooms {
  constructor(
    private readonly ctx: RedisContext,
    /** Told of every history read: the room feed measures a loss of writes against it. */
    private readonly onHistoryRead: (roomId: string, json: string[]) => void,
  ) {}

  async createRoom(room: RoomRecord): Promise<void> {
    const key = this.ctx.keys.room(room.id)
    // A command's error is thrown inside `run`, so a refusal (Redis full) is told as such.
    await this.ctx.health.run(async () => {
      const results = await this.ctx.redis
        .multi()
        .hset(key, {
          created_at: room.createdAt,
          expires_at: room.expiresAt,
          encrypted: room.encrypted ? 1 : 0,
          locked: room.locked ? 1 : 0,
          ...(room.creatorHash && { creator: room.creatorHash }),
          ...(room.epoch && { epoch: room.epoch }),
          ...(room.keyCheck && { key_check: room.keyCheck }),
          ...(room.passwordHash && { password: room.passwordHash }),
          ...(room.passwordKdf && { password_kdf: JSON.stringify(room.passwordKdf) }),
          ...(room.invitationOnly && { invitation_only: 1 }),
        })
        .pexpireat(key, room.expiresAt)
        .exec()
      const failed = results?.find(([error]) => error)
      if (failed) throw failed[0]
    })
  }

  async getRoom(roomId: string): Promise<RoomRecord | null> {
    const [createdAt, expiresAt, encrypted, creator, locked, epoch, keyCheck, vanish, ...access] =
      await this.ctx.health.run(() =>
        this.ctx.redis.hmget(
          this.ctx.keys.room(roomId),
          'created_at',
          'expires_at',
          'encrypted',
          'creator',
          'locked',
          'epoch',
          'key_check',
          'vanish',
          'password',
          'password_kdf',
          'invitation_only',
        ),
      )
    const [password, passwordKdf, invitationOnly] = access
    if (createdAt == null || expiresAt == null || Number(expiresAt) <= Date.now()) return null
    return {
      id: roomId,
      createdAt: Number(createdAt),
      expiresAt: Number(expiresAt),
      encrypted: encrypted === '1',
      ...(creator && { creatorHash: creator }),
      ...(locked === '1' && { locked: true }),
      ...(epoch && { epoch }),
      ...(keyCheck && { keyCheck }),
      ...(vanish && vanish !== '0' && { vanishSeconds: Number(vanish) }),
      ...(password && { passwordHash: password }),
      ...(passwordKdf && { passwordKdf: JSON.parse(passwordKdf) as RoomRecord['passwordKdf'] }),
      ...(invitationOnly === '1' && { invitationOnly: true }),
    }
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

  /**
   * Publishes `room_closed` and deletes the room's keys; false when it was already gone.
   * The caller sends the room's batched appends first, so none can recreate a key after.
   */
  async destroyRoom(roomId: string): Promise<boolean> {
    const { redis, keys } = this.ctx
    const done = await this.ctx.health.run(() =>
      destroyRoomScript.run(redis, keys.roomKeys(roomId), [keys.channel(roomId)]),
    )
    return done === 1
  }
}
