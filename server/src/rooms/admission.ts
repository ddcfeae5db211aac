/**
 * Who may join a room: the admission rules as one pure decision over what the store knows
 * at the moment of the join. The memory store calls it. The Redis store cannot, because the
 * check and the write must be one atomic script, so `addMemberScript` in
 * `store/redis/scripts-members.ts` mirrors it check for check; the table of cases in
 * `server/test/store/admission-cases.ts`, which the store contract suite runs against every
 * store, keeps the two equal. Change both or neither.
 *
 * The first rule that applies wins:
 * 1. no live room: `room_not_found`;
 * 2. the name key or the browser is banned: `banned`, before the rules below, so that a
 *    removed member is told it was removed, not that a name is taken or the room locked;
 * 3. the name key is held: taken over in place by whoever presents the holder's resume
 *    hash (`resumed`, even in a locked or full room: that member is inside and counted
 *    already), `name_taken` for everyone else;
 * 4. the room is locked: only the host, or a browser inside or back within the grace (a lock
 *    wins over invitations: an invitation opens no locked room);
 * 5. an invitation presented by a newcomer (not the host, nor a browser admitted to the room
 *    before): `invitation_invalid`, `_used` or `_revoked` unless it is open, and then it is
 *    spent by this join; without one, an invitation-only room refuses a newcomer with
 *    `invitation_required`. A member who was in (its browser) may always come back;
 * 6. the room is full: `room_full`, for the host too (and an invitation is not spent).
 *
 * A room password is checked before any of this, by the domain (`room-access.ts`): it needs
 * a slow hash that no store script can run, and it never changes.
 */
import type { InvitationState } from '../../../protocol/index.js'

/** Why a join is refused (the `reason` of the store's `addMember` result). */
export type AdmissionRefusal =
  | 'room_not_found'
  | 'banned'
  | 'name_taken'
  | 'room_locked'
  | 'room_full'
  | 'invitation_required'
  | 'invitation_used'
  | 'invitation_revoked'
  | 'invitation_invalid'

/** The member now holding the joiner's name key. */
export interface NameHolder {
  /** Hash of the holder's resume token, when it has one. */
  resumeHash?: string
  /** Its rank in the room's join order (the store's own numbering), which a resume keeps. */
  order: number
}

/**
 * What the store knows that bears on one join. Time comparisons (room end, the grace) are
 * the store's: it reads its own clock, and Redis's clock is not this process's.
 */
export interface AdmissionState {
  /** The room record exists and its end has not passed. */
  roomLive: boolean
  locked: boolean
  /** The joiner's name key was banned by the host. */
  keyBanned: boolean
  /** The joiner's browser was banned by the host (false when it sent no browser token). */
  browserBanned: boolean
  holder?: NameHolder
  memberCount: number
  /**
   * The joiner's browser is inside the room under some name, or left it less than
   * `LOCK_RESUME_GRACE_SECONDS` ago (false when it sent no browser token).
   */
  admittedWithinGrace: boolean
  /** The host made the room invitation only. */
  invitationOnly: boolean
  /** The joiner's browser was admitted to the room before, at any time (false without a browser token). */
  everAdmitted: boolean
  /** Where the invitation the joiner presents stands; absent when it presents none. */
  invitation?: InvitationState
}

/** What the joiner brings, and the room's size limit. */
export interface AdmissionRequest {
  maxMembers: number
  /** The joiner proved it is the room's creator. */
  host: boolean
  /** Hash of the resume token it presents; absent or '' when it presents none. */
  resumeHash?: string
}

export type AdmissionDecision =
  /** `spend`: the presented invitation admitted this newcomer and is used from now on. */
  | { ok: true; resumed: false; spend?: true }
  /** Take the name over in place: the new connection gets the holder's join order. */
  | { ok: true; resumed: true; order: number }
  | { ok: false; reason: AdmissionRefusal }

export function decideAdmission(
  state: AdmissionState,
  request: AdmissionRequest,
): AdmissionDecision {
  if (!state.roomLive) return refuse('room_not_found')
  if (state.keyBanned || state.browserBanned) return refuse('banned')
  if (state.holder) {
    const presented = request.resumeHash
    if (!presented || state.holder.resumeHash !== presented) return refuse('name_taken')
    return { ok: true, resumed: true, order: state.holder.order }
  }
  if (state.locked && !request.host && !state.admittedWithinGrace) return refuse('room_locked')
  const returning = request.host || state.everAdmitted
  let spend = false
  if (state.invitation !== undefined && !returning) {
    if (state.invitation !== 'open') return refuse(`invitation_${state.invitation}`)
    spend = true
  } else if (state.invitationOnly && !returning) {
    return refuse('invitation_required')
  }
  if (state.memberCount >= request.maxMembers) return refuse('room_full')
  return spend ? { ok: true, resumed: false, spend: true } : { ok: true, resumed: false }
}

function refuse(reason: AdmissionRefusal): AdmissionDecision {
  return { ok: false, reason }
}
