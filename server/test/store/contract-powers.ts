/** Store contract: the host's powers — lock, expel (with bans), destroy — and the lock's grace. */
import { describe, expect, it } from 'vitest'
import type { MemberRecord, Store } from '../../src/store/store.js'
import { draft, eventually, newRoom, record } from './contract-helpers.js'
import { membersOf } from '../../src/store/__tests__/members-of.js'

function member(name: string, connId: string, browser?: string): MemberRecord {
  return { name, key: name.toLowerCase(), avatar: '', connId, ...(browser && { browser }) }
}

export function registerPowerTests(getStore: () => Store): void {
  describe('host powers', () => {
    it('keeps the creator hash and the lock in the room record, and publishes room_state', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const rec = await record(store, room)
      expect((await store.getRoom(room))?.locked).toBeUndefined()
      expect(await store.setLocked(room, true)).toBe(true)
      expect((await store.getRoom(room))?.locked).toBe(true)
      expect(await store.setLocked(room, false)).toBe(true)
      expect((await store.getRoom(room))?.locked).toBeUndefined()
      await eventually(() =>
        expect(rec.frames()).toEqual([
          { type: 'room_state', locked: true },
          { type: 'room_state', locked: false },
        ]),
      )
      await rec.stop()
      expect(await store.setLocked('no-such-room', true)).toBe(false)

      const now = Date.now()
      const hosted = { id: `${room}-h`, createdAt: now, expiresAt: now + 60_000, encrypted: false }
      await store.createRoom({ ...hosted, creatorHash: 'hash' })
      expect(await store.getRoom(hosted.id)).toEqual({ ...hosted, creatorHash: 'hash' })
    })

    it('refuses new members of a locked room, but not the host or a browser back within the grace', async () => {
      const store = getStore()
      const room = await newRoom(store)
      await store.addMember(room, member('Alice', 'c1', 'browser-a'), 10)
      await store.setLocked(room, true)
      expect(await store.addMember(room, member('Bob', 'c2', 'browser-b'), 10)).toEqual({
        ok: false,
        reason: 'room_locked',
      })
      expect(await store.addMember(room, member('Carl', 'c3'), 10)).toEqual({
        ok: false,
        reason: 'room_locked',
      })
      expect(
        await store.addMember(room, member('Host', 'c4'), 10, undefined, { host: true }),
      ).toMatchObject({
        ok: true,
      })
      // Alice drops and comes back from the same browser: let in.
      expect(await store.removeMember(room, 'alice', 'c1')).toBe(true)
      expect(await store.addMember(room, member('Alice', 'c5', 'browser-a'), 10)).toMatchObject({
        ok: true,
      })
      await store.setLocked(room, false)
      expect(await store.addMember(room, member('Bob', 'c2', 'browser-b'), 10)).toMatchObject({
        ok: true,
      })
    })

    it('expels a member: gone from the list, key and browser banned, member_removed then users', async () => {
      const store = getStore()
      const room = await newRoom(store)
      await store.addMember(room, member('Alice', 'c1'), 10)
      await store.addMember(room, member('Bob', 'c2', 'browser-b'), 10)
      const rec = await record(store, room)
      expect(await store.expelMember(room, 'bob')).toBe('Bob')
      expect(await membersOf(store, room)).toEqual([{ name: 'Alice', avatar: '' }])
      await eventually(() =>
        expect(rec.frames()).toEqual([
          { type: 'member_removed', name: 'Bob' },
          { type: 'users', sender: '__user_list__', content: [{ name: 'Alice', avatar: '' }] },
        ]),
      )
      await rec.stop()
      // The same browser under another name, and the same name from another browser.
      for (const again of [member('Robert', 'c3', 'browser-b'), member('Bob', 'c4', 'other')]) {
        expect(await store.addMember(room, again, 10)).toEqual({ ok: false, reason: 'banned' })
      }
      expect(await store.removeMember(room, 'bob', 'c2')).toBe(false)
      expect(await store.expelMember(room, 'bob')).toBeNull()
      expect(await store.expelMember(room, 'nobody')).toBeNull()
      expect(await store.addMember(room, member('Carol', 'c5', 'browser-c'), 10)).toMatchObject({
        ok: true,
      })
    })

    it('destroys a room: room_closed to subscribers, then nothing of it is left', async () => {
      const store = getStore()
      const room = await newRoom(store)
      await store.addMember(room, member('Alice', 'c1', 'browser-a'), 10)
      await store.append(room, draft('hello'))
      const rec = await record(store, room)
      expect(await store.destroyRoom(room)).toBe(true)
      await eventually(() =>
        expect(rec.frames()).toEqual([{ type: 'room_closed', reason: 'host' }]),
      )
      await rec.stop()
      expect(await store.getRoom(room)).toBeNull()
      expect(await store.history(room, 0, 10)).toEqual([])
      expect(await membersOf(store, room)).toEqual([])
      expect(await store.append(room, draft('late'))).toBeNull()
      expect(await store.removeMember(room, 'alice', 'c1')).toBe(false)
      expect(await store.addMember(room, member('Bob', 'c2'), 10)).toEqual({
        ok: false,
        reason: 'room_not_found',
      })
      expect(await store.destroyRoom(room)).toBe(false)
    })
  })
}
