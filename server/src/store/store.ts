/**
 * The storage interface the domain talks to. Two implementations pass one contract
 * suite (`server/test/store/contract.ts`): `MemoryStore` (one process, the default) and
 * `RedisStore` (TTL keys, pub/sub, shared by many processes; `redis/` holds one file
 * per role below). `Store` is five roles: `RoomRecords` (room records and history),
 * `Membership` (member lists, locks, bans; on Redis the node registry and its reaper),
 * `EventBus` (room events to every process, in order), `Health` (availability), and
 * three objects of their own: `files` (`blobs.ts`: the room's files), `edits`
 * (`message-edits.ts`: deleting, editing and reacting to stored messages) and `invitations`
 * (`invitations.ts`: the host's single-use invitations and invitation-only switch).
 *
 * A store owns three things per room, and forgets all of them when the room expires:
 * the room record, its messages (with ids it assigns, strictly increasing per room)
 * and its member list (unique by each member's `key`, which the domain derives from the
 * name so that look-alike names collide). It also carries room
 * events between processes: every stored message, every member-list change and
 * every typing notice reaches every subscriber of the room, in one order.
 */
import { randomBytes } from 'node:crypto'
import type {
  Member,
  MessageFrame,
  ServerFrame,
  StoredFrame,
  SystemFrame,
  TypingFrame,
} from '../../../protocol/index.js'

import type { Blobs } from './blobs.js'
import type { MessageEdits } from './message-edits.js'
import type { Invitations, PresentedInvitation } from './invitations.js'
import type { AdmissionRefusal } from '../rooms/admission.js'
import type { PasswordKdf } from '../../../protocol/index.js'

export { StoreFull, StoreUnavailable } from '../rooms/errors.js'
export type { BlobRecord, Blobs, CreateBlobResult, NewBlob, PutChunkResult } from './blobs.js'
export type {
  CreateInvitationResult,
  InvitationRecord,
  Invitations,
  NewInvitation,
  PresentedInvitation,
} from './invitations.js'

/** Called when the store becomes unreachable (with the first error seen) and when it is back. */
export type AvailabilityListener = (available: boolean, error?: unknown) => void

/** A room as stored. Times are epoch milliseconds. */
export interface RoomRecord {
  id: string
  createdAt: number
  expiresAt: number
  /** Chat content is end-to-end encrypted envelopes; the store keeps them as any text. */
  encrypted: boolean
  /** Hash of the creator token (`rooms/creator-token.ts`); absent for rooms made without one. */
  creatorHash?: string
  /** New joins are refused, except the host's and members coming back within the grace. */
  locked?: boolean
  /**
   * The room's history generation: a random id, replaced whenever the stored history may
   * have been lost or reset, so a member resuming with `last_id` learns its ids no longer
   * mean what they meant (absent for rooms stored before epochs existed).
   */
  epoch?: string
  /** An encrypted room's key check (`protocol/key-check.ts`), opaque to the server. */
  keyCheck?: string
  /** The host's default message timer in seconds (absent: none). */
  vanishSeconds?: number
  /**
   * Joining takes a password (`rooms/room-password.ts`): a plain room's scrypt hash, or an
   * encrypted room's hash of its password verifier.
   */
  passwordHash?: string
  /** An encrypted password room: how browsers derive its key (published in the room info). */
  passwordKdf?: PasswordKdf
  /** The room link alone admits nobody new (`store.invitations`). */
  invitationOnly?: boolean
}

/** A room epoch (see `RoomRecord.epoch`): 72 random bits, URL-safe. */
export function newEpoch(): string {
  return randomBytes(9).toString('base64url')
}

/** A message before the store gives it an id. */
export type MessageDraft = Omit<MessageFrame, 'id'> | Omit<SystemFrame, 'id'>

/** One connected member, as the store keeps it. `connId` tells two connections of one name apart. */
export interface MemberRecord extends Member {
  /** The member's identity in the room: two members never share a key. */
  key: string
  connId: string
  /**
   * SHA-256 (hex) of the member's resume token, when it has one: whoever presents the
   * token may take the name over (see `addMember`). The token itself is never stored.
   */
  resumeHash?: string
  /** Hash of the member's browser token, when it sent one: what a removal bans. */
  browser?: string
}

/** How a join stands against the room's lock. */
export interface Admission {
  /**
   * The host joins a locked room too. So does a member resuming its name (resume token),
   * and a browser that was inside less than `LOCK_RESUME_GRACE_SECONDS` ago (it left, or
   * its process died).
   */
  host: boolean
  /** The invitation the join presents: spent when it admits a new member. */
  invitation?: PresentedInvitation
}

export type AddMemberResult =
  /** `resumed`: the name was taken over from an earlier connection of the same member. */
  { ok: true; members: Member[]; resumed?: true } | { ok: false; reason: AdmissionRefusal }

/** What a rename came to: `not_member` when the connection no longer holds its name. */
export type RenameResult =
  { ok: true } | { ok: false; reason: 'name_taken' | 'banned' | 'room_not_found' | 'not_member' }

/** A room event as delivered to subscribers: the frame and its JSON, serialized once. */
export interface RoomEvent {
  frame: ServerFrame
  json: string
}

export type RoomListener = (event: RoomEvent) => void

/** Members a store removed because the process holding them died (Redis only). */
export type ReapListener = (roomId: string, members: Member[]) => void

/** Room records and their history. */
export interface RoomRecords {
  /** Stores a new room; its keys expire at `room.expiresAt`. */
  createRoom(room: RoomRecord): Promise<void>

  /** The room, or null when it is unknown or has expired. */
  getRoom(roomId: string): Promise<RoomRecord | null>

  /**
   * Gives `draft` the room's next id, stores it (keeping the latest `historyLimit`)
   * and publishes it to the room's subscribers. Null when the room is gone.
   */
  append(roomId: string, draft: MessageDraft): Promise<StoredFrame | null>

  /** Stored messages with id > `afterId`, oldest first; at most the latest `limit` of them. */
  history(roomId: string, afterId: number, limit: number): Promise<StoredFrame[]>

  /** One stored message by id, or null. */
  message(roomId: string, id: number): Promise<StoredFrame | null>

  /**
   * Publishes `room_closed` and deletes everything of the room at once (record, messages,
   * members, bans, files), as at expiry. False when the room was already gone.
   */
  destroyRoom(roomId: string): Promise<boolean>
}

/** Who is in a room, and who may come in. */
export interface Membership {
  /**
   * Adds a member unless its `key` is taken (checked and added atomically), the room
   * has `maxMembers` already, its key or browser is banned, or the room is locked (and
   * `admission` does not let it in); on success publishes a `users` frame with the new list.
   * With `resumeHash` (the hash of a presented resume token) a taken key whose holder has
   * that same hash is taken over instead: the record is replaced in place (join order
   * kept, so the new `connId` now holds it) and the result says `resumed`.
   */
  addMember(
    roomId: string,
    member: MemberRecord,
    maxMembers: number,
    resumeHash?: string,
    admission?: Admission,
  ): Promise<AddMemberResult>

  /**
   * Removes the member with `key` if it is still held by `connId`; publishes a `users`
   * frame when it did. Returns whether a member was removed. The member's browser is
   * noted as just left (see `Admission`).
   */
  removeMember(roomId: string, key: string, connId: string): Promise<boolean>

  /**
   * Host power: removes the member with `key` whoever holds it, bans its key and browser
   * for the room's lifetime, and publishes `member_removed` then `users`, atomically.
   * Returns the removed member's name, or null when no member has that key.
   */
  expelMember(roomId: string, key: string): Promise<string | null>

  /**
   * The member with `fromKey`, held by `connId`, takes the name and avatar of `to`, keeping
   * its place in the join order, its resume token and browser, and publishes `users`,
   * atomically. Refused when another member holds `to.key` (or a look-alike of it) or the
   * host banned that name.
   */
  renameMember(
    roomId: string,
    fromKey: string,
    connId: string,
    to: { name: string; key: string; avatar: string },
  ): Promise<RenameResult>

  /** Sets the room's lock and publishes `room_state`; false when the room is gone. */
  setLocked(roomId: string, locked: boolean): Promise<boolean>

  /**
   * Sets the room's default message timer (0: none) and publishes `room_state` with it and
   * the lock; false when the room is gone.
   */
  setVanishSeconds(roomId: string, seconds: number): Promise<boolean>

  /** Called when members are removed because the process holding them stopped beating. */
  onReap(listener: ReapListener): void
}

/** Room events, carried to every subscriber (in every process) in one order. */
export interface EventBus {
  /** Publishes an ephemeral frame (not stored) to the room's subscribers. */
  publish(roomId: string, frame: TypingFrame): Promise<void>

  /**
   * Calls `listener` for every event of the room, in room order, until the returned
   * function is called. Resolves once events are flowing, so nothing published after
   * it resolves is missed.
   */
  subscribe(roomId: string, listener: RoomListener): Promise<() => Promise<void>>

  /**
   * Called when a room's stored history went back behind what this process delivered (a
   * failover or restart lost writes): the room has a new epoch, and the members here hold
   * ids that may now name other messages (Redis only).
   */
  onHistoryReset(listener: (roomId: string) => void): void
}

/** Whether the store answers. */
export interface Health {
  /**
   * Called once per change: unreachable (with the first error seen), then reachable
   * again. The memory store is always reachable and never calls it.
   */
  onAvailability(listener: AvailabilityListener): void

  /** Resolves when the store answers; rejects otherwise (used by `/readyz`). */
  ping(): Promise<void>

  /**
   * The store refused a write for lack of memory lately (Redis at `maxmemory`): said by
   * `/readyz`, which stays 200 (a full store is no reason to take every process out).
   */
  readonly full: boolean
}

export interface Store extends RoomRecords, Membership, EventBus, Health {
  /** The room's files (`blobs.ts`). */
  readonly files: Blobs
  /** What happens to a message after it was sent: deleted, edited, reacted to (`message-edits.ts`). */
  readonly edits: MessageEdits

  /** The room's invitations and its invitation-only switch (`invitations.ts`). */
  readonly invitations: Invitations

  /**
   * Shared by other processes and outliving this one (Redis): a member holding a resume
   * token may come back through another process, or this one restarted, within its grace.
   */
  readonly outlivesProcess: boolean

  /**
   * Releases this process's members and connections. `hold` (a restart): members still
   * held here stay, for their reconnect grace, and are reaped by the other processes (or
   * this one restarted) when they do not come back; a store that does not outlive the
   * process ignores it.
   */
  close(how?: 'release' | 'hold'): Promise<void>
}

export interface StoreOptions {
  /** Messages kept per room. */
  historyLimit: number
}
