/**
 * One suite every Store implementation runs: what the domain may rely on, whatever
 * the store. Each part (messages, members, events, expiry, admission…) is a file of its own.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../src/store/store.js'
import { draft, HOUR, type StoreFactory } from './contract-helpers.js'
import { registerAdmissionTests } from './contract-admission.js'
import { registerBatchTests } from './contract-batches.js'
import { registerBlobTests } from './contract-blobs.js'
import { registerEditTests } from './contract-edits.js'
import { registerEventTests } from './contract-events.js'
import { registerExpiryTests } from './contract-expiry.js'
import { registerMemberTests } from './contract-members.js'
import { registerMessageTests } from './contract-messages.js'
import { registerPowerTests } from './contract-powers.js'
import { registerInvitationTests } from './contract-invitations.js'
import { membersOf } from '../../src/store/__tests__/members-of.js'

export function registerStoreContractTests(name: string, makeStore: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store
    let cleanup: () => Promise<void>

    beforeAll(async () => {
      ;({ store, cleanup } = await makeStore())
    })
    afterAll(async () => {
      await cleanup()
    })

    describe('rooms', () => {
      it('returns a created room, plain or encrypted', async () => {
        for (const encrypted of [false, true]) {
          const now = Date.now()
          const room = { id: randomUUID(), createdAt: now, expiresAt: now + HOUR, encrypted }
          await store.createRoom(room)
          expect(await store.getRoom(room.id)).toEqual(room)
        }
      })

      it("keeps an encrypted room's key check with the room", async () => {
        const now = Date.now()
        const keyCheck = `kc1:${'A'.repeat(16)}:${'B'.repeat(42)}A`
        const room = { id: randomUUID(), createdAt: now, expiresAt: now + HOUR, encrypted: true }
        await store.createRoom({ ...room, keyCheck })
        expect(await store.getRoom(room.id)).toEqual({ ...room, keyCheck })
      })

      it('answers an unknown room with null and empty lists', async () => {
        const id = randomUUID()
        expect(await store.getRoom(id)).toBeNull()
        expect(await store.append(id, draft('hi'))).toBeNull()
        expect(await store.history(id, 0, 10)).toEqual([])
        expect(await store.message(id, 1)).toBeNull()
        expect(await membersOf(store, id)).toEqual([])
        expect(
          await store.addMember(id, { name: 'a', key: 'a', avatar: '', connId: 'c' }, 10),
        ).toEqual({
          ok: false,
          reason: 'room_not_found',
        })
        expect(await store.removeMember(id, 'a', 'c')).toBe(false)
      })

      it('answers ping', async () => {
        await expect(store.ping()).resolves.toBeUndefined()
      })
    })

    registerMessageTests(() => store)
    registerMemberTests(() => store)
    registerEventTests(() => store)
    registerExpiryTests(() => store)
    registerBatchTests(() => store)
    registerPowerTests(() => store)
    registerAdmissionTests(() => store)
    registerBlobTests(() => store)
    registerEditTests(() => store)
    registerInvitationTests(() => store)
  })
}
