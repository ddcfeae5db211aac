/**
 * The store's room invitations (`protocol/room-access.ts`): single-use invitations the host
 * makes, and the room's invitation-only switch. An invitation is kept as a hash of its token
 * (`rooms/invitations.ts` makes both), goes from open to used (by the join that spends it,
 * which `Membership.addMember` does in its one atomic step: see `rooms/admission.ts`) or to
 * revoked (by the host), and is kept in that state until the room ends, so a second person
 * opening the link is told what happened to it. Every change publishes the open list
 * (`invitations`, which rooms deliver to the host only); the switch publishes `room_state`.
 */
import type { OpenInvitation } from '../../../protocol/index.js'

/** A new invitation, as the domain makes it. */
export interface NewInvitation {
  /** Public: names it to the host and in `revoke`; derived from the token's hash. */
  id: string
  /** SHA-256 of the token, bound to the room (`rooms/invitations.ts`). */
  hash: string
  label?: string
  /** ISO 8601: when it was made (the list is oldest first). */
  createdAt: string
}

export type InvitationRecordState = 'open' | 'used' | 'revoked'

export interface InvitationRecord extends NewInvitation {
  state: InvitationRecordState
}

/** What a join presents: the id and hash of its token. */
export interface PresentedInvitation {
  id: string
  hash: string
}

export type CreateInvitationResult = 'ok' | 'room_not_found' | 'full'

export interface Invitations {
  /**
   * Keeps a new open invitation unless the room has `maxOpen` open ones already (or keeps
   * ten times that many in all, used and revoked ones included), and publishes the open
   * list. It lives as long as its room.
   */
  create(
    roomId: string,
    invitation: NewInvitation,
    maxOpen: number,
  ): Promise<CreateInvitationResult>

  /** An open invitation no longer admits anyone; publishes the open list. False when none is open with that id. */
  revoke(roomId: string, id: string): Promise<boolean>

  /** The invitation with that id, in whatever state; null when none (or the room is gone). */
  get(roomId: string, id: string): Promise<InvitationRecord | null>

  /** The room's open invitations, oldest first (empty when the room is gone). */
  open(roomId: string): Promise<OpenInvitation[]>

  /**
   * Sets the room's invitation-only switch and publishes `room_state` with `locked` and
   * `invitation_only`; false when the room is gone.
   */
  setInvitationOnly(roomId: string, enabled: boolean): Promise<boolean>
}

/** The open ones of some records, as `invitations` lists them: oldest first. */
export function openList(records: Iterable<InvitationRecord>): OpenInvitation[] {
  return (
    [...records]
      .filter((r) => r.state === 'open')
      // Code-unit order, as Lua's `<` compares (localeCompare would not).
      .sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.id, b.id))
      .map((r) => ({
        id: r.id,
        ...(r.label !== undefined && { label: r.label }),
        created_at: r.createdAt,
      }))
  )
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
