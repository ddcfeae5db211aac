import { describe, expect, it } from 'vitest'
import { ADMISSION_CASES, MAX, verdictOf } from '../../test/store/admission-cases.js'
import { decideAdmission, type AdmissionState } from './admission.js'

/** A live, open, empty room, with no ban: what a row's `sees` starts from. */
const EMPTY_ROOM: AdmissionState = {
  roomLive: true,
  locked: false,
  keyBanned: false,
  browserBanned: false,
  memberCount: 0,
  admittedWithinGrace: false,
  invitationOnly: false,
  everAdmitted: false,
}

describe('decideAdmission, over the table the store contract runs', () => {
  for (const [title, row] of Object.entries(ADMISSION_CASES)) {
    it(`${title}: ${row.expect}`, () => {
      const { join } = row
      // What a store can see: a browser within the grace was admitted before.
      if (row.sees.admittedWithinGrace) expect(row.sees.everAdmitted).toBe(true)
      const decision = decideAdmission(
        { ...EMPTY_ROOM, ...row.sees },
        { maxMembers: row.max ?? MAX, host: join.host === true, resumeHash: join.presents },
      )
      expect(verdictOf(decision)).toBe(row.expect)
      // A resume keeps the holder's place in the join order.
      if (decision.ok && decision.resumed) expect(decision.order).toBe(row.sees.holder?.order)
    })
  }
})

describe('decideAdmission, beyond the table', () => {
  it("takes an empty resume hash for none, as the Lua script's '' means none", () => {
    const holder = { resumeHash: '', order: 1 }
    const state = { ...EMPTY_ROOM, holder, memberCount: 1 }
    expect(decideAdmission(state, { maxMembers: MAX, host: false, resumeHash: '' })).toEqual({
      ok: false,
      reason: 'name_taken',
    })
  })

  it('refuses a gone room before reading anything else of it', () => {
    const everything: AdmissionState = {
      roomLive: false,
      locked: true,
      keyBanned: true,
      browserBanned: true,
      holder: { resumeHash: 'h1', order: 1 },
      memberCount: MAX,
      admittedWithinGrace: true,
      invitationOnly: true,
      everAdmitted: true,
      invitation: 'open',
    }
    expect(decideAdmission(everything, { maxMembers: MAX, host: true, resumeHash: 'h1' })).toEqual({
      ok: false,
      reason: 'room_not_found',
    })
  })
})

describe('decideAdmission, invitations beyond the table', () => {
  it('lets a member back into an invitation-only room long after the lock grace', () => {
    const state = { ...EMPTY_ROOM, invitationOnly: true, everAdmitted: true }
    expect(decideAdmission(state, { maxMembers: MAX, host: false })).toEqual({
      ok: true,
      resumed: false,
    })
  })

  it('spends an open invitation only for a newcomer it admits', () => {
    const open = { ...EMPTY_ROOM, invitation: 'open' as const }
    expect(decideAdmission(open, { maxMembers: MAX, host: false })).toEqual({
      ok: true,
      resumed: false,
      spend: true,
    })
    expect(
      decideAdmission({ ...open, everAdmitted: true }, { maxMembers: MAX, host: false }),
    ).toEqual({
      ok: true,
      resumed: false,
    })
  })
})
