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
 * 4. the room is locked: only the host, or a browser inside or back within the grace;
 * 5. the room is full: `room_full`, for the host too.
 */

/** Why a join is refused (the `reason` of the store's `addMember` result). */
export type AdmissionRefusal =
  'room_not_found' | 'banned' | 'name_taken' | 'room_locked' | 'room_full'

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
  | { ok: true; resumed: false }
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
  if (state.memberCount >= request.maxMembers) return refuse('room_full')
  return { ok: true, resumed: false }
}

function refuse(reason: AdmissionRefusal): AdmissionDecision {
  return { ok: false, reason }
}
