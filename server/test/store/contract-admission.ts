/**
 * Store contract: every row of the admission table (`admission-cases.ts`), each in a room of
 * its own. The memory store decides with `rooms/admission.ts` and the Redis store with its
 * Lua mirror, so this is what keeps the two equal.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Member } from '../../../protocol/index.js'
import { nameKey } from '../../src/rooms/name-key.js'
import type { PresentedInvitation, Store } from '../../src/store/store.js'
import {
  ADMISSION_CASES,
  MAX,
  verdictOf,
  type AdmissionCase,
  type Joiner,
} from './admission-cases.js'
import { HOUR } from './contract-helpers.js'
import { membersOf } from '../../src/store/__tests__/members-of.js'

export function registerAdmissionTests(getStore: () => Store): void {
  describe('admission (the shared table of cases)', () => {
    for (const [title, row] of Object.entries(ADMISSION_CASES)) {
      it(`${title}: ${row.expect}`, async () => {
        const store = getStore()
        const room = await arrange(store, row)
        const before = names(await membersOf(store, room.id))
        const result = await add(store, room.id, row, row.join, 'joining', room.invitations)
        expect(verdictOf(result)).toBe(row.expect)
        expect(names(await membersOf(store, room.id))).toEqual(after(before, row))
        const presented = row.join.invitation && room.invitations.get(row.join.invitation)
        if (presented) {
          expect((await store.invitations.get(room.id, presented.id))?.state).toBe(row.leaves)
        }
      })
    }
  })
}

/** Invitations made in a row's room, by name. */
type Made = Map<string, PresentedInvitation>

/** A room in the row's state, built through the public Store API only. */
async function arrange(
  store: Store,
  row: AdmissionCase,
): Promise<{ id: string; invitations: Made }> {
  const invitations: Made = new Map()
  const id = randomUUID()
  const now = Date.now()
  if (row.room !== 'missing') {
    const expiresAt = row.room === 'expired' ? now - 1 : now + HOUR
    await store.createRoom({ id, createdAt: now - 1000, expiresAt, encrypted: false })
  }
  // The connection holding each name key, so that a leave is the holder's own.
  const holders = new Map<string, string>()
  for (const [i, step] of row.given.entries()) {
    const what = `step ${i + 1} (${step.do})`
    switch (step.do) {
      case 'join': {
        const connId = `c${i + 1}`
        expect(await add(store, id, row, step, connId, invitations), what).toMatchObject({
          ok: true,
        })
        holders.set(nameKey(step.name), connId)
        break
      }
      case 'leave': {
        const key = nameKey(step.name)
        expect(await store.removeMember(id, key, holders.get(key) ?? ''), what).toBe(true)
        break
      }
      case 'expel':
        expect(await store.expelMember(id, nameKey(step.name)), what).not.toBeNull()
        break
      case 'lock':
      case 'unlock':
        expect(await store.setLocked(id, step.do === 'lock'), what).toBe(true)
        break
      case 'destroy':
        expect(await store.destroyRoom(id), what).toBe(true)
        break
      case 'invitation_only':
      case 'invitation_open':
        expect(
          await store.invitations.setInvitationOnly(id, step.do === 'invitation_only'),
          what,
        ).toBe(true)
        break
      case 'invite': {
        const made = { id: `i-${step.invitation}`, hash: `h-${step.invitation}` }
        const createdAt = new Date(now + i).toISOString()
        expect(await store.invitations.create(id, { ...made, createdAt }, 50), what).toBe('ok')
        invitations.set(step.invitation, made)
        break
      }
      case 'revoke':
        expect(await store.invitations.revoke(id, `i-${step.invitation}`), what).toBe(true)
        break
    }
  }
  return { id, invitations }
}

/** What a joiner presents for its row's `invitation` (see `Joiner.invitation`). */
function presentedBy(who: Joiner, made: Made): PresentedInvitation | undefined {
  const name = who.invitation
  if (name === undefined) return undefined
  if (name === 'unknown') return { id: 'i-nobody', hash: 'h-nobody' }
  if (name.startsWith('forged:')) return { id: `i-${name.slice(7)}`, hash: 'h-forged' }
  return made.get(name)
}

function add(
  store: Store,
  roomId: string,
  row: AdmissionCase,
  who: Joiner,
  connId: string,
  made: Made,
) {
  const member = {
    name: who.name,
    key: nameKey(who.name),
    avatar: '',
    connId,
    ...(who.resume && { resumeHash: who.resume }),
    ...(who.browser && { browser: who.browser }),
  }
  const invitation = presentedBy(who, made)
  return store.addMember(roomId, member, row.max ?? MAX, who.presents, {
    host: who.host === true,
    ...(invitation && { invitation }),
  })
}

function names(members: Member[]): string[] {
  return members.map((m) => m.name)
}

/**
 * The member list after the join: unchanged by a refusal, the joiner last when new, and in
 * the holder's place when it took a name over (the join order is kept).
 */
function after(before: string[], row: AdmissionCase): string[] {
  const { name } = row.join
  if (row.expect === 'ok') return [...before, name]
  if (row.expect !== 'resumed') return before
  return before.map((held) => (nameKey(held) === nameKey(name) ? name : held))
}
