/**
 * The admission rules as one table of cases (`server/src/rooms/admission.ts`). Each row sets
 * a room up through the public Store API (`given`), attempts one join and names the
 * result. The store contract suite (`contract-admission.ts`) runs every row against every
 * store, so the Redis store's Lua can never drift from the TypeScript rule; the unit test
 * beside `admission.ts` runs every row's `sees` (the same state, as the decision sees it)
 * through `decideAdmission`.
 */
import type { AdmissionRefusal, AdmissionState } from '../../src/rooms/admission.js'
import type { InvitationRecordState } from '../../src/store/invitations.js'

export type Verdict = 'ok' | 'resumed' | AdmissionRefusal

export interface Joiner {
  /** Display name; the store gets its name key (`nameKey`) as the member's key. */
  name: string
  browser?: string
  /** Hash of the joiner's own resume token: what a later resume of the name presents. */
  resume?: string
  /** Hash of the resume token it presents, to take a held name over. */
  presents?: string
  host?: boolean
  /**
   * The invitation it presents: one a `given` step made (by its name), `unknown` (an id no
   * invitation has), or `forged:<name>` (that invitation's id with another token).
   */
  invitation?: string
}

export type Step =
  | ({ do: 'join' } & Joiner)
  | { do: 'leave' | 'expel'; name: string }
  | { do: 'lock' | 'unlock' | 'destroy' | 'invitation_only' | 'invitation_open' }
  /** The host makes an invitation (named, to present it later) or revokes it. */
  | { do: 'invite' | 'revoke'; invitation: string }

/** One row; its title is its key in `ADMISSION_CASES` (so no two rows share one). */
export interface AdmissionCase {
  /** The room: created live (default), never created, or created already past its end. */
  room?: 'missing' | 'expired'
  /** The size limit of every join of the row (default `MAX`). */
  max?: number
  /** What happened in the room before, in order; every step succeeds. */
  given: Step[]
  join: Joiner
  /** That state as `decideAdmission` sees it; fields left out are false, 0 or absent. */
  sees: Partial<AdmissionState>
  expect: Verdict
  /** The presented invitation's state after the join (rows whose joiner presents a made one). */
  leaves?: InvitationRecordState
}

export const MAX = 10

/** A join's outcome as one word: a store's `addMember` result or the decision. */
export function verdictOf(
  result: { ok: true; resumed?: boolean } | { ok: false; reason: AdmissionRefusal },
): Verdict {
  if (!result.ok) return result.reason
  return result.resumed ? 'resumed' : 'ok'
}

const join = (name: string, more: Omit<Joiner, 'name'> = {}): Step => ({
  do: 'join',
  name,
  ...more,
})
const leave = (name: string): Step => ({ do: 'leave', name })
const expel = (name: string): Step => ({ do: 'expel', name })
const LOCK: Step = { do: 'lock' }
const ONLY: Step = { do: 'invitation_only' }
const invite = (invitation: string): Step => ({ do: 'invite', invitation })

/** Alice holds her name (resume hash h1), first in the room. */
const ALICE_HOLDS = { holder: { resumeHash: 'h1', order: 1 }, memberCount: 1 }

export const ADMISSION_CASES: Record<string, AdmissionCase> = {
  // The room
  'a room never created': {
    room: 'missing',
    given: [],
    join: { name: 'Alice' },
    sees: { roomLive: false },
    expect: 'room_not_found',
  },
  'a room past its end': {
    room: 'expired',
    given: [],
    join: { name: 'Alice' },
    sees: { roomLive: false },
    expect: 'room_not_found',
  },
  'a destroyed room': {
    given: [join('Alice'), { do: 'destroy' }],
    join: { name: 'Bob' },
    sees: { roomLive: false },
    expect: 'room_not_found',
  },
  'an empty room': { given: [], join: { name: 'Alice' }, sees: {}, expect: 'ok' },

  // Names: one holder per name key
  'a name another member holds': {
    given: [join('Alice')],
    join: { name: 'Alice' },
    sees: { holder: { order: 1 }, memberCount: 1 },
    expect: 'name_taken',
  },
  'a held name in other case': {
    given: [join('Alice')],
    join: { name: 'ALICE' },
    sees: { holder: { order: 1 }, memberCount: 1 },
    expect: 'name_taken',
  },
  'a look-alike of a held name (Cyrillic А)': {
    given: [join('Alice')],
    join: { name: '\u0410lice' },
    sees: { holder: { order: 1 }, memberCount: 1 },
    expect: 'name_taken',
  },
  'a name its holder left': {
    given: [join('Alice'), leave('Alice')],
    join: { name: 'Alice' },
    sees: {},
    expect: 'ok',
  },

  // Resume: the holder's hash takes the name over in place
  "the holder's resume hash": {
    given: [join('Alice', { resume: 'h1' })],
    join: { name: 'Alice', presents: 'h1' },
    sees: ALICE_HOLDS,
    expect: 'resumed',
  },
  "the holder's resume hash, second in the join order": {
    given: [join('Bob'), join('Alice', { resume: 'h1' })],
    join: { name: 'Alice', presents: 'h1' },
    sees: { holder: { resumeHash: 'h1', order: 2 }, memberCount: 2 },
    expect: 'resumed',
  },
  'a wrong resume hash': {
    given: [join('Alice', { resume: 'h1' })],
    join: { name: 'Alice', presents: 'h2' },
    sees: ALICE_HOLDS,
    expect: 'name_taken',
  },
  'no resume hash for a holder that has one': {
    given: [join('Alice', { resume: 'h1' })],
    join: { name: 'Alice' },
    sees: ALICE_HOLDS,
    expect: 'name_taken',
  },
  'a resume hash for a holder that has none': {
    given: [join('Alice')],
    join: { name: 'Alice', presents: 'h1' },
    sees: { holder: { order: 1 }, memberCount: 1 },
    expect: 'name_taken',
  },
  'a resume hash for a name nobody holds': {
    given: [],
    join: { name: 'Alice', presents: 'h1' },
    sees: {},
    expect: 'ok',
  },
  'a resume into a full room': {
    max: 2,
    given: [join('Alice', { resume: 'h1' }), join('Bob')],
    join: { name: 'Alice', presents: 'h1' },
    sees: { ...ALICE_HOLDS, memberCount: 2 },
    expect: 'resumed',
  },
  'a resume into a locked room, from a browser never inside': {
    given: [join('Alice', { browser: 'A', resume: 'h1' }), LOCK],
    join: { name: 'Alice', browser: 'B', presents: 'h1' },
    sees: { ...ALICE_HOLDS, locked: true },
    expect: 'resumed',
  },

  // Bans: by name key and by browser, before every other rule but the room's
  'an expelled name from another browser': {
    given: [join('Bob', { browser: 'B' }), expel('Bob')],
    join: { name: 'Bob', browser: 'C' },
    sees: { keyBanned: true },
    expect: 'banned',
  },
  'a look-alike of an expelled name (Cyrillic о)': {
    given: [join('Bob', { browser: 'B' }), expel('Bob')],
    join: { name: 'B\u043eb', browser: 'C' },
    sees: { keyBanned: true },
    expect: 'banned',
  },
  'an expelled browser under another name': {
    given: [join('Bob', { browser: 'B' }), expel('Bob')],
    join: { name: 'Robert', browser: 'B' },
    sees: { browserBanned: true },
    expect: 'banned',
  },
  'an expelled browser asking for a held name': {
    given: [join('Alice', { resume: 'h1' }), join('Bob', { browser: 'B' }), expel('Bob')],
    join: { name: 'Alice', browser: 'B', presents: 'h1' },
    sees: { ...ALICE_HOLDS, browserBanned: true },
    expect: 'banned',
  },
  'an expelled name in a locked room, even as host': {
    given: [join('Bob', { browser: 'B' }), expel('Bob'), LOCK],
    join: { name: 'Bob', browser: 'C', host: true },
    sees: { keyBanned: true, locked: true },
    expect: 'banned',
  },
  'a new name after expelling a member with no browser token': {
    given: [join('Bob'), expel('Bob')],
    join: { name: 'Robert', browser: 'B' },
    sees: {},
    expect: 'ok',
  },

  // The lock: the host, and browsers inside or back within the grace
  'a new browser in a locked room': {
    given: [join('Alice', { browser: 'A' }), LOCK],
    join: { name: 'Bob', browser: 'B' },
    sees: { locked: true, memberCount: 1 },
    expect: 'room_locked',
  },
  'no browser token in a locked room': {
    given: [join('Alice', { browser: 'A' }), LOCK],
    join: { name: 'Bob' },
    sees: { locked: true, memberCount: 1 },
    expect: 'room_locked',
  },
  'the host in a locked room': {
    given: [join('Alice', { browser: 'A' }), LOCK],
    join: { name: 'Host', host: true },
    sees: { locked: true, memberCount: 1 },
    expect: 'ok',
  },
  'a second name from a browser inside a locked room': {
    given: [join('Alice', { browser: 'A' }), LOCK],
    join: { name: 'Alicia', browser: 'A' },
    sees: { locked: true, memberCount: 1, admittedWithinGrace: true, everAdmitted: true },
    expect: 'ok',
  },
  'a browser back within the grace, under any name': {
    given: [join('Alice', { browser: 'A' }), leave('Alice'), LOCK],
    join: { name: 'Alicia', browser: 'A' },
    sees: { locked: true, admittedWithinGrace: true, everAdmitted: true },
    expect: 'ok',
  },
  'a held name in a locked room, without its resume hash': {
    given: [join('Alice', { browser: 'A' }), LOCK],
    join: { name: 'Alice', browser: 'A' },
    sees: {
      holder: { order: 1 },
      memberCount: 1,
      locked: true,
      admittedWithinGrace: true,
      everAdmitted: true,
    },
    expect: 'name_taken',
  },
  'a new browser once the room is unlocked': {
    given: [join('Alice', { browser: 'A' }), LOCK, { do: 'unlock' }],
    join: { name: 'Bob', browser: 'B' },
    sees: { memberCount: 1 },
    expect: 'ok',
  },

  // The size limit: after every other rule, for the host too
  'a full room': {
    max: 2,
    given: [join('Alice'), join('Bob')],
    join: { name: 'Carol' },
    sees: { memberCount: 2 },
    expect: 'room_full',
  },
  'a full room, for the host': {
    max: 2,
    given: [join('Alice'), join('Bob')],
    join: { name: 'Host', host: true },
    sees: { memberCount: 2 },
    expect: 'room_full',
  },
  'a held name in a full room': {
    max: 2,
    given: [join('Alice'), join('Bob')],
    join: { name: 'Alice' },
    sees: { holder: { order: 1 }, memberCount: 2 },
    expect: 'name_taken',
  },
  'a new browser in a full locked room': {
    max: 2,
    given: [join('Alice', { browser: 'A' }), join('Bob'), LOCK],
    join: { name: 'Carol', browser: 'C' },
    sees: { locked: true, memberCount: 2 },
    expect: 'room_locked',
  },
  'a browser inside a full locked room': {
    max: 2,
    given: [join('Alice', { browser: 'A' }), join('Bob'), LOCK],
    join: { name: 'Alicia', browser: 'A' },
    sees: { locked: true, memberCount: 2, admittedWithinGrace: true, everAdmitted: true },
    expect: 'room_full',
  },
  // Invitations: spent by a newcomer, never by a member coming back; a lock wins over them
  'an open invitation in an open room': {
    given: [invite('dana')],
    join: { name: 'Dana', browser: 'D', invitation: 'dana' },
    sees: { invitation: 'open' },
    expect: 'ok',
    leaves: 'used',
  },
  'an open invitation in an invitation-only room': {
    given: [join('Alice', { browser: 'A' }), ONLY, invite('dana')],
    join: { name: 'Dana', browser: 'D', invitation: 'dana' },
    sees: { invitationOnly: true, memberCount: 1, invitation: 'open' },
    expect: 'ok',
    leaves: 'used',
  },
  'an open invitation without a browser token': {
    given: [ONLY, invite('dana')],
    join: { name: 'Dana', invitation: 'dana' },
    sees: { invitationOnly: true, invitation: 'open' },
    expect: 'ok',
    leaves: 'used',
  },
  'an invitation someone used': {
    given: [invite('dana'), join('Dana', { browser: 'D', invitation: 'dana' })],
    join: { name: 'Eve', browser: 'E', invitation: 'dana' },
    sees: { memberCount: 1, invitation: 'used' },
    expect: 'invitation_used',
    leaves: 'used',
  },
  'a revoked invitation': {
    given: [invite('dana'), { do: 'revoke', invitation: 'dana' }],
    join: { name: 'Dana', browser: 'D', invitation: 'dana' },
    sees: { invitation: 'revoked' },
    expect: 'invitation_revoked',
    leaves: 'revoked',
  },
  'an invitation nobody made': {
    given: [invite('dana')],
    join: { name: 'Dana', browser: 'D', invitation: 'unknown' },
    sees: { invitation: 'invalid' },
    expect: 'invitation_invalid',
  },
  "an invitation's id with another token": {
    given: [invite('dana')],
    join: { name: 'Dana', browser: 'D', invitation: 'forged:dana' },
    sees: { invitation: 'invalid' },
    expect: 'invitation_invalid',
  },
  'an open invitation in a locked room': {
    given: [join('Alice', { browser: 'A' }), invite('dana'), LOCK],
    join: { name: 'Dana', browser: 'D', invitation: 'dana' },
    sees: { locked: true, memberCount: 1, invitation: 'open' },
    expect: 'room_locked',
    leaves: 'open',
  },
  'an open invitation in a full room': {
    max: 1,
    given: [join('Alice'), invite('dana')],
    join: { name: 'Dana', browser: 'D', invitation: 'dana' },
    sees: { memberCount: 1, invitation: 'open' },
    expect: 'room_full',
    leaves: 'open',
  },
  'the host with an open invitation': {
    given: [invite('dana')],
    join: { name: 'Host', host: true, invitation: 'dana' },
    sees: { invitation: 'open' },
    expect: 'ok',
    leaves: 'open',
  },
  'a member back with the invitation it used': {
    given: [
      invite('dana'),
      join('Dana', { browser: 'D', invitation: 'dana' }),
      leave('Dana'),
      ONLY,
    ],
    join: { name: 'Dana', browser: 'D', invitation: 'dana' },
    sees: {
      invitationOnly: true,
      everAdmitted: true,
      admittedWithinGrace: true,
      invitation: 'used',
    },
    expect: 'ok',
    leaves: 'used',
  },
  'an expelled browser with an open invitation': {
    given: [join('Bob', { browser: 'B' }), expel('Bob'), invite('dana')],
    join: { name: 'Dana', browser: 'B', invitation: 'dana' },
    sees: { browserBanned: true, invitation: 'open' },
    expect: 'banned',
    leaves: 'open',
  },

  // Invitation only: the host, members who were in, and invitations
  'a new browser in an invitation-only room': {
    given: [join('Alice', { browser: 'A' }), ONLY],
    join: { name: 'Bob', browser: 'B' },
    sees: { invitationOnly: true, memberCount: 1 },
    expect: 'invitation_required',
  },
  'no browser token in an invitation-only room': {
    given: [join('Alice', { browser: 'A' }), ONLY],
    join: { name: 'Bob' },
    sees: { invitationOnly: true, memberCount: 1 },
    expect: 'invitation_required',
  },
  'the host in an invitation-only room': {
    given: [join('Alice', { browser: 'A' }), ONLY],
    join: { name: 'Host', host: true },
    sees: { invitationOnly: true, memberCount: 1 },
    expect: 'ok',
  },
  'a member back in an invitation-only room, under any name': {
    given: [join('Alice', { browser: 'A' }), leave('Alice'), ONLY],
    join: { name: 'Alicia', browser: 'A' },
    sees: { invitationOnly: true, everAdmitted: true, admittedWithinGrace: true },
    expect: 'ok',
  },
  'a resume in an invitation-only room, from a browser never inside': {
    given: [join('Alice', { browser: 'A', resume: 'h1' }), ONLY],
    join: { name: 'Alice', browser: 'B', presents: 'h1' },
    sees: { ...ALICE_HOLDS, invitationOnly: true },
    expect: 'resumed',
  },
  'a new browser once invitation only is off': {
    given: [join('Alice', { browser: 'A' }), ONLY, { do: 'invitation_open' }],
    join: { name: 'Bob', browser: 'B' },
    sees: { memberCount: 1 },
    expect: 'ok',
  },
  'an invitation-only room that is locked too': {
    given: [join('Alice', { browser: 'A' }), ONLY, LOCK],
    join: { name: 'Bob', browser: 'B' },
    sees: { invitationOnly: true, locked: true, memberCount: 1 },
    expect: 'room_locked',
  },
  'a full invitation-only room, for a member back': {
    max: 1,
    given: [join('Alice', { browser: 'A' }), leave('Alice'), join('Bob'), ONLY],
    join: { name: 'Alicia', browser: 'A' },
    sees: { invitationOnly: true, everAdmitted: true, admittedWithinGrace: true, memberCount: 1 },
    expect: 'room_full',
  },

  'a place freed by a leave': {
    max: 2,
    given: [join('Alice'), join('Bob'), leave('Alice')],
    join: { name: 'Carol' },
    sees: { memberCount: 1 },
    expect: 'ok',
  },
}
