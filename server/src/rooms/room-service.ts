/** Creating and describing rooms, and trying their way in: what the REST API needs. */
import type {
  AccessCheckBody,
  InvitationState,
  PasswordKdf,
  RoomInfo,
} from '../../../protocol/index.js'
import { newEpoch, type RoomRecord, type Store } from '../store/store.js'
import { newCreatorToken, tokenHash } from './creator-token.js'
import { BadRoomOptions, RoomNotFound, TtlOutOfRange } from './errors.js'
import { invitationState } from './invitations.js'
import type { RoomAccess } from './room-access.js'
import { isRoomIdShape, newRoomId } from './room-id.js'
import { hashPassword, verifierHash } from './room-password.js'

/** What a creator may ask of a new room. */
export interface NewRoomOptions {
  encrypted?: boolean
  ttlSeconds?: number
  keyCheck?: string
  /** A plain room's password. */
  password?: string
  /** An encrypted room's password: how its key is derived, and its verifier (`kc2`). */
  passwordKdf?: PasswordKdf
  passwordCheck?: string
}

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
    ...(room.passwordHash && { password: room.passwordKdf ? { kdf: room.passwordKdf } : {} }),
    ...(room.invitationOnly && { invitation_only: true }),
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
    /** Password checks (absent: `checkAccess` refuses every password). */
    private readonly access?: RoomAccess,
  ) {}

  /**
   * A new room, and its creator token (returned once; only its hash is kept). `TtlOutOfRange`
   * when `ttlSeconds` is outside the allowed range.
   */
  async create(
    options: NewRoomOptions = {},
    now = Date.now(),
  ): Promise<{ info: RoomInfo; creatorToken: string }> {
    const { defaultSeconds, minSeconds, maxSeconds } = this.lifetimes
    const ttl = options.ttlSeconds ?? defaultSeconds
    if (options.ttlSeconds !== undefined && (ttl < minSeconds || ttl > maxSeconds)) {
      throw new TtlOutOfRange(minSeconds, maxSeconds)
    }
    const id = newRoomId()
    const password = await passwordOf(id, options)
    const creatorToken = newCreatorToken()
    const room: RoomRecord = {
      id,
      createdAt: now,
      expiresAt: now + ttl * 1000,
      encrypted: options.encrypted ?? false,
      creatorHash: tokenHash(id, creatorToken),
      epoch: newEpoch(),
      ...(options.encrypted && options.keyCheck && { keyCheck: options.keyCheck }),
      ...password,
    }
    await this.store.createRoom(room)
    return { info: toRoomInfo(room, now), creatorToken }
  }

  /**
   * Tries a password before joining (`POST /api/rooms/{id}/access`): passes when the room has
   * none or it is right; `WrongPassword`, `PasswordRequired` or `TooManyAttempts` otherwise.
   */
  async checkAccess(roomId: string, proof: AccessCheckBody, address: string): Promise<void> {
    const room = await this.get(roomId)
    if (!room.passwordHash) return
    if (!this.access) throw new BadRoomOptions('This server checks no passwords.')
    await this.access.check(room, proof, address)
  }

  /** Where an invitation of the room stands, without spending it. */
  async invitation(roomId: string, token: string): Promise<InvitationState> {
    await this.get(roomId)
    return invitationState(this.store, roomId, token)
  }

  /** The live room, or `RoomNotFound` (unknown, malformed id, or expired). */
  async get(roomId: string): Promise<RoomRecord> {
    const room = isRoomIdShape(roomId) ? await this.store.getRoom(roomId) : null
    if (!room || room.expiresAt <= Date.now()) throw new RoomNotFound()
    return room
  }
}

/** What a new room keeps of its password, if it has one; `BadRoomOptions` for a mix that cannot be. */
async function passwordOf(
  roomId: string,
  options: NewRoomOptions,
): Promise<Pick<RoomRecord, 'passwordHash' | 'passwordKdf'>> {
  const { encrypted, password, passwordKdf, passwordCheck } = options
  if (encrypted && password !== undefined) {
    throw new BadRoomOptions(
      'An encrypted room’s password never goes to the server: send password_kdf and password_check instead.',
    )
  }
  if (!encrypted && (passwordKdf || passwordCheck)) {
    throw new BadRoomOptions('password_kdf and password_check are for encrypted rooms.')
  }
  if (Boolean(passwordKdf) !== Boolean(passwordCheck)) {
    throw new BadRoomOptions('Send password_kdf and password_check together.')
  }
  if (passwordKdf && passwordCheck) {
    return { passwordHash: verifierHash(roomId, passwordCheck), passwordKdf }
  }
  return password !== undefined ? { passwordHash: await hashPassword(password) } : {}
}
