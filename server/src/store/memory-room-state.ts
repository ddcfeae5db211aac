/** A room as the memory store holds it, and what it answers about members and admission. */
import type { Member, StoredFrame } from '../../../protocol/index.js'
import type { InvitationState } from '../../../protocol/index.js'
import type { AdmissionState } from '../rooms/admission.js'
import type { MemberRecord, RoomRecord } from './store.js'

export interface RoomState {
  record: RoomRecord
  messages: StoredFrame[]
  /** What each message costs the budget (`memory-budget.ts`), oldest first, and their sum. */
  costs: number[]
  bytes: number
  nextId: number
  /** Keyed by member key; a Map keeps insertion (join) order. */
  members: Map<string, MemberRecord>
  /** Member keys and browser hashes (`b:` prefixed) the host removed. */
  bans: Set<string>
  /** Browser hash → until when it may come back into a locked room (Infinity while inside). */
  admitted: Map<string, number>
  timer: NodeJS.Timeout
}

/** What a room (undefined when gone) knows that bears on this join (see `decideAdmission`). */
export function admissionState(
  state: RoomState | undefined,
  member: MemberRecord,
  invitation?: InvitationState,
): AdmissionState {
  const { key, browser } = member
  const holder = state?.members.get(key)
  const until = browser ? state?.admitted.get(browser) : undefined
  return {
    roomLive: state !== undefined,
    locked: state?.record.locked === true,
    keyBanned: state?.bans.has(key) ?? false,
    browserBanned: Boolean(browser && state?.bans.has(`b:${browser}`)),
    ...(state &&
      holder && { holder: { resumeHash: holder.resumeHash, order: joinOrder(state, key) } }),
    memberCount: state?.members.size ?? 0,
    admittedWithinGrace: until !== undefined && until >= Date.now(),
    invitationOnly: state?.record.invitationOnly === true,
    everAdmitted: until !== undefined,
    ...(invitation !== undefined && { invitation }),
  }
}

/** The Map keeps insertion order, so a member's join order is its place in it. */
function joinOrder(state: RoomState, key: string): number {
  return [...state.members.keys()].indexOf(key) + 1
}

export function memberList(state: RoomState): Member[] {
  return [...state.members.values()].map(({ name, avatar }) => ({ name, avatar }))
}
