/**
 * The memory store's invitations: each room's records in a Map, forgotten with the room. The
 * memory store owns one, asks it what a join's invitation is and has it spend one
 * (`lookup`, `spend`) in the same synchronous step as the admission.
 */
import type { InvitationState, OpenInvitation, RoomStateFrame } from '../../../protocol/index.js'
import type { InvitationsFrame } from '../../../protocol/index.js'
import {
  openList,
  type CreateInvitationResult,
  type InvitationRecord,
  type Invitations,
  type NewInvitation,
  type PresentedInvitation,
} from './invitations.js'
import type { RoomRecord } from './store.js'

/** What the invitations need of the memory store: a live room's record, and its event stream. */
export interface InvitationRoomView {
  /** The live room's record itself (not a copy: the switch is kept in it). */
  record(roomId: string): RoomRecord | undefined
  emit(roomId: string, frame: InvitationsFrame | RoomStateFrame): void
}

export class MemoryInvitations implements Invitations {
  private readonly rooms = new Map<string, Map<string, InvitationRecord>>()

  constructor(private readonly view: InvitationRoomView) {}

  async create(
    roomId: string,
    invitation: NewInvitation,
    maxOpen: number,
  ): Promise<CreateInvitationResult> {
    if (!this.view.record(roomId)) return 'room_not_found'
    const records = this.rooms.get(roomId) ?? new Map<string, InvitationRecord>()
    if (openList(records.values()).length >= maxOpen || records.size >= maxOpen * 10) return 'full'
    records.set(invitation.id, { ...invitation, state: 'open' })
    this.rooms.set(roomId, records)
    this.publish(roomId)
    return 'ok'
  }

  async revoke(roomId: string, id: string): Promise<boolean> {
    const record = this.find(roomId, id)
    if (record?.state !== 'open') return false
    record.state = 'revoked'
    this.publish(roomId)
    return true
  }

  async get(roomId: string, id: string): Promise<InvitationRecord | null> {
    const record = this.find(roomId, id)
    return record ? { ...record } : null
  }

  async open(roomId: string): Promise<OpenInvitation[]> {
    if (!this.view.record(roomId)) return []
    return openList(this.rooms.get(roomId)?.values() ?? [])
  }

  async setInvitationOnly(roomId: string, enabled: boolean): Promise<boolean> {
    const record = this.view.record(roomId)
    if (!record) return false
    // Absent when off, as the Redis store reads it back.
    if (enabled) record.invitationOnly = true
    else delete record.invitationOnly
    this.view.emit(roomId, {
      type: 'room_state',
      locked: record.locked === true,
      invitation_only: enabled,
    })
    return true
  }

  /** Where a presented invitation stands, for the admission (the room is live). */
  lookup(roomId: string, presented: PresentedInvitation): InvitationState {
    const record = this.rooms.get(roomId)?.get(presented.id)
    return record && record.hash === presented.hash ? record.state : 'invalid'
  }

  /** The admission let a newcomer in with it: used from now on. */
  spend(roomId: string, id: string): void {
    const record = this.rooms.get(roomId)?.get(id)
    if (!record) return
    record.state = 'used'
    this.publish(roomId)
  }

  forgetRoom(roomId: string): void {
    this.rooms.delete(roomId)
  }

  clear(): void {
    this.rooms.clear()
  }

  private find(roomId: string, id: string): InvitationRecord | undefined {
    if (!this.view.record(roomId)) return undefined
    return this.rooms.get(roomId)?.get(id)
  }

  private publish(roomId: string): void {
    this.view.emit(roomId, {
      type: 'invitations',
      open: openList(this.rooms.get(roomId)?.values() ?? []),
    })
  }
}
