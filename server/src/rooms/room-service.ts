/** Creating and describing rooms: what the REST API needs. */
import type { RoomInfo } from '../../../protocol/index.js'
import { newEpoch, type RoomRecord, type Store } from '../store/store.js'
import { newCreatorToken, tokenHash } from './creator-token.js'
import { RoomNotFound, TtlOutOfRange } from './errors.js'
import { isRoomIdShape, newRoomId } from './room-id.js'

export function toRoomInfo(room: RoomRecord, now = Date.now()): RoomInfo {
  return {
    room_id: room.id,
    created_at: new Date(room.createdAt).toISOString(),
    expires_at: new Date(room.expiresAt).toISOString(),
    ttl_seconds: Math.max(0, Math.floor((room.expiresAt - now) / 1000)),
    encrypted: room.encrypted,
    lifetime_seconds: Math.max(1, Math.round((room.expiresAt - room.createdAt) / 1000)),
    locked: room.locked === true,
    ...(room.keyCheck && { key_check: room.keyCheck }),
    ...(room.vanishSeconds && { vanish_seconds: room.vanishSeconds }),
  }
}

/** Room lifetimes: the default, and the range a creator may choose from. */
export interface RoomLifetimes {
  defaultSeconds: number
  minSeconds: number
  maxSeconds: number
}

export class RoomService {
  constructor(
    private readonly store: Store,
    readonly lifetimes: RoomLifetimes,
  ) {}

  /**
   * A new room, and its creator token (returned once; only its hash is kept). `TtlOutOfRange`
   * when `ttlSeconds` is outside the allowed range.
   */
  async create(
    options: { encrypted?: boolean; ttlSeconds?: number; keyCheck?: string } = {},
    now = Date.now(),
  ): Promise<{ info: RoomInfo; creatorToken: string }> {
    const { defaultSeconds, minSeconds, maxSeconds } = this.lifetimes
    const ttl = options.ttlSeconds ?? defaultSeconds
    if (options.ttlSeconds !== undefined && (ttl < minSeconds || ttl > maxSeconds)) {
      throw new TtlOutOfRange(minSeconds, maxSeconds)
    }
    const id = newRoomId()
    const creatorToken = newCreatorToken()
    const room: RoomRecord = {
      id,
      createdAt: now,
      expiresAt: now + ttl * 1000,
      encrypted: options.encrypted ?? false,
      creatorHash: tokenHash(id, creatorToken),
      epoch: newEpoch(),
      ...(options.encrypted && options.keyCheck && { keyCheck: options.keyCheck }),
    }
    await this.store.createRoom(room)
    return { info: toRoomInfo(room, now), creatorToken }
  }

  /** The live room, or `RoomNotFound` (unknown, malformed id, or expired). */
  async get(roomId: string): Promise<RoomRecord> {
    const room = isRoomIdShape(roomId) ? await this.store.getRoom(roomId) : null
    if (!room || room.expiresAt <= Date.now()) throw new RoomNotFound()
    return room
  }
}
