/** Creating and describing rooms: what the REST API needs. */
import type { RoomInfo } from '../../../protocol/index.js'
import type { RoomRecord, Store } from '../store/store.js'
import { RoomNotFound } from './errors.js'
import { isRoomIdShape, newRoomId } from './room-id.js'

export function toRoomInfo(room: RoomRecord, now = Date.now()): RoomInfo {
  return {
    room_id: room.id,
    created_at: new Date(room.createdAt).toISOString(),
    expires_at: new Date(room.expiresAt).toISOString(),
    ttl_seconds: Math.max(0, Math.floor((room.expiresAt - now) / 1000)),
    encrypted: room.encrypted,
  }
}

export class RoomService {
  constructor(
    private readonly store: Store,
    private readonly ttlSeconds: number,
  ) {}

  async create(options: { encrypted?: boolean } = {}, now = Date.now()): Promise<RoomInfo> {
    const room: RoomRecord = {
      id: newRoomId(),
      createdAt: now,
      expiresAt: now + this.ttlSeconds * 1000,
      encrypted: options.encrypted ?? false,
    }
    await this.store.createRoom(room)
    return toRoomInfo(room, now)
  }

  /** The live room, or `RoomNotFound` (unknown, malformed id, or expired). */
  async get(roomId: string): Promise<RoomRecord> {
    const room = isRoomIdShape(roomId) ? await this.store.getRoom(roomId) : null
    if (!room || room.expiresAt <= Date.now()) throw new RoomNotFound()
    return room
  }
}
