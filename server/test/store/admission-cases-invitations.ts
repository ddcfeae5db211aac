/**
 * The admission table's rows for invitations and invitation only (`admission-cases.ts` holds
 * the rest and the row format): an invitation is spent by a newcomer it admits, never by a
 * member coming back; a lock wins over it; invitation only admits the host, invitees and
 * members who were in.
 */
import {
  ALICE_HOLDS,
  LOCK,
  expel,
  join,
  leave,
  type AdmissionCase,
  type Step,
} from './admission-steps.js'

const ONLY: Step = { do: 'invitation_only' }
const invite = (invitation: string): Step => ({ do: 'invite', invitation })

export const INVITATION_CASES: Record<string, AdmissionCase> = {
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
}
