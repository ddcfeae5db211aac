/**
 * The admission rules as one table of cases (`server/src/rooms/admission.ts`). Each row sets
 * a room up through the public Store API (`given`), attempts one join and names the
 * result. The store contract suite (`contract-admission.ts`) runs every row against every
 * store, so the Redis store's Lua can never drift from the TypeScript rule; the unit test
 * beside `admission.ts` runs every row's `sees` (the same state, as the decision sees it)
 * through `decideAdmission`.
 */
import { INVITATION_CASES } from './admission-cases-invitations.js'
import { ALICE_HOLDS, LOCK, expel, join, leave, type AdmissionCase } from './admission-steps.js'

export { MAX, verdictOf } from './admission-steps.js'
export type { AdmissionCase, Joiner, Step, Verdict } from './admission-steps.js'

/** The rows of the rules before invitations; `ADMISSION_CASES` adds those of invitations. */
const BASE_CASES: Record<string, AdmissionCase> = {
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
  'a place freed by a leave': {
    max: 2,
    given: [join('Alice'), join('Bob'), leave('Alice')],
    join: { name: 'Carol' },
    sees: { memberCount: 1 },
    expect: 'ok',
  },
}

export const ADMISSION_CASES: Record<string, AdmissionCase> = {
  ...BASE_CASES,
  ...INVITATION_CASES,
}
