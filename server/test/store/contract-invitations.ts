/** Invitations (`store/invitations.ts`) and room access fields: what both stores keep and publish. */
import { describe, expect, it } from 'vitest'
import type { NewInvitation, Store } from '../../src/store/store.js'
import { HOUR, eventually, newRoom, record } from './contract-helpers.js'
import { randomUUID } from 'node:crypto'

const made = (name: string, at: number, label?: string): NewInvitation => ({
  id: `i-${name}`,
  hash: `h-${name}`,
  ...(label !== undefined && { label }),
  createdAt: new Date(at).toISOString(),
})

export function registerInvitationTests(getStore: () => Store): void {
  describe('invitations', () => {
    it('keeps invitations, lists the open ones oldest first, and publishes each change', async () => {
      const store = getStore()
      const roomId = await newRoom(store)
      const events = await record(store, roomId)
      const t = Date.now()
      expect(await store.invitations.create(roomId, made('b', t + 1, 'Bea / "B"'), 5)).toBe('ok')
      expect(await store.invitations.create(roomId, made('a', t), 5)).toBe('ok')
      const both = [
        { id: 'i-a', created_at: new Date(t).toISOString() },
        { id: 'i-b', label: 'Bea / "B"', created_at: new Date(t + 1).toISOString() },
      ]
      expect(await store.invitations.open(roomId)).toEqual(both)
      expect(await store.invitations.get(roomId, 'i-b')).toEqual({
        ...made('b', t + 1, 'Bea / "B"'),
        state: 'open',
      })
      expect(await store.invitations.revoke(roomId, 'i-a')).toBe(true)
      expect(await store.invitations.revoke(roomId, 'i-a')).toBe(false)
      expect(await store.invitations.revoke(roomId, 'i-none')).toBe(false)
      expect((await store.invitations.get(roomId, 'i-a'))?.state).toBe('revoked')
      expect(await store.invitations.get(roomId, 'i-none')).toBeNull()
      await eventually(() =>
        expect(events.frames()).toEqual([
          { type: 'invitations', open: [both[1]] },
          { type: 'invitations', open: both },
          { type: 'invitations', open: [both[1]] },
        ]),
      )
      await events.stop()
    })

    it('refuses an invitation past the most open ones, counting only open ones', async () => {
      const store = getStore()
      const roomId = await newRoom(store)
      const t = Date.now()
      expect(await store.invitations.create(roomId, made('a', t), 2)).toBe('ok')
      expect(await store.invitations.create(roomId, made('b', t), 2)).toBe('ok')
      expect(await store.invitations.create(roomId, made('c', t), 2)).toBe('full')
      await store.invitations.revoke(roomId, 'i-a')
      expect(await store.invitations.create(roomId, made('c', t), 2)).toBe('ok')
      // Ten times as many in all, revoked ones included: a host cannot fill the store.
      await store.invitations.revoke(roomId, 'i-b')
      await store.invitations.revoke(roomId, 'i-c')
      for (let i = 0; i < 17; i++) {
        expect(await store.invitations.create(roomId, made(`x${i}`, t), 2)).toBe('ok')
        await store.invitations.revoke(roomId, `i-x${i}`)
      }
      expect(await store.invitations.create(roomId, made('y', t), 2)).toBe('full')
    })

    it('spends an invitation in the join that it admits, and publishes the list after `users`', async () => {
      const store = getStore()
      const roomId = await newRoom(store)
      await store.invitations.create(roomId, made('dana', Date.now()), 5)
      const events = await record(store, roomId)
      const dana = { name: 'Dana', key: 'dana', avatar: '', connId: 'c1', browser: 'D' }
      const invitation = { id: 'i-dana', hash: 'h-dana' }
      expect(
        await store.addMember(roomId, dana, 10, undefined, { host: false, invitation }),
      ).toMatchObject({ ok: true })
      await eventually(() =>
        expect(events.frames().map((f) => f.type)).toEqual(['users', 'invitations']),
      )
      expect(events.frames()[1]).toEqual({ type: 'invitations', open: [] })
      const eve = { ...dana, name: 'Eve', key: 'eve', connId: 'c2', browser: 'E' }
      expect(
        await store.addMember(roomId, eve, 10, undefined, { host: false, invitation }),
      ).toEqual({
        ok: false,
        reason: 'invitation_used',
      })
      await events.stop()
    })

    it('switches invitation only in the record and publishes room_state with the lock', async () => {
      const store = getStore()
      const roomId = await newRoom(store)
      const events = await record(store, roomId)
      expect(await store.setLocked(roomId, true)).toBe(true)
      expect(await store.invitations.setInvitationOnly(roomId, true)).toBe(true)
      expect(await store.getRoom(roomId)).toMatchObject({ locked: true, invitationOnly: true })
      expect(await store.invitations.setInvitationOnly(roomId, false)).toBe(true)
      expect((await store.getRoom(roomId))?.invitationOnly).toBeUndefined()
      await eventually(() =>
        expect(events.frames()).toEqual([
          { type: 'room_state', locked: true },
          { type: 'room_state', locked: true, invitation_only: true },
          { type: 'room_state', locked: true, invitation_only: false },
        ]),
      )
      await events.stop()
    })

    it('answers a gone room with nothing, and forgets invitations with the room', async () => {
      const store = getStore()
      const gone = randomUUID()
      expect(await store.invitations.create(gone, made('a', Date.now()), 5)).toBe('room_not_found')
      expect(await store.invitations.setInvitationOnly(gone, true)).toBe(false)
      expect(await store.invitations.open(gone)).toEqual([])
      const roomId = await newRoom(store)
      await store.invitations.create(roomId, made('a', Date.now()), 5)
      await store.destroyRoom(roomId)
      expect(await store.invitations.get(roomId, 'i-a')).toBeNull()
      expect(await store.invitations.revoke(roomId, 'i-a')).toBe(false)
    })

    it("keeps a room's password hash, key derivation and invitation-only switch", async () => {
      const store = getStore()
      const now = Date.now()
      const room = {
        id: randomUUID(),
        createdAt: now,
        expiresAt: now + HOUR,
        encrypted: true,
        passwordHash: 'hash',
        passwordKdf: {
          name: 'argon2id' as const,
          salt: 'A'.repeat(22),
          memory_kib: 65536,
          iterations: 3,
          parallelism: 1,
        },
        invitationOnly: true,
      }
      await store.createRoom(room)
      expect(await store.getRoom(room.id)).toEqual(room)
    })
  })
}
