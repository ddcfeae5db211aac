/** Store contract: member lists, unique names, the room size limit. */
import { describe, expect, it } from 'vitest'
import type { Store } from '../../src/store/store.js'
import { eventually, newRoom, record } from './contract-helpers.js'
import { membersOf } from '../../src/store/__tests__/members-of.js'

export function registerMemberTests(getStore: () => Store): void {
  describe('members', () => {
    it('keeps members in join order and refuses a taken name case-insensitively', async () => {
      const store = getStore()
      const room = await newRoom(store)
      await store.addMember(room, { name: 'Alice', key: 'alice', avatar: 'fox', connId: 'c1' }, 10)
      await store.addMember(room, { name: 'bob', key: 'bob', avatar: '', connId: 'c2' }, 10)
      const carol = await store.addMember(
        room,
        { name: 'Carol', key: 'carol', avatar: 'owl', connId: 'c3' },
        10,
      )
      const list = [
        { name: 'Alice', avatar: 'fox' },
        { name: 'bob', avatar: '' },
        { name: 'Carol', avatar: 'owl' },
      ]
      expect(carol).toEqual({ ok: true, members: list })
      expect(await membersOf(store, room)).toEqual(list)
      for (const name of ['alice', 'ALICE', 'Bob']) {
        expect(
          await store.addMember(
            room,
            { name, key: name.toLowerCase(), avatar: '', connId: 'c9' },
            10,
          ),
        ).toEqual({
          ok: false,
          reason: 'name_taken',
        })
      }
      expect(await membersOf(store, room)).toEqual(list)
    })

    it('renames a member in its place, and refuses a name held by another or banned', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const rec = await record(store, room)
      const add = (name: string, connId: string) =>
        store.addMember(room, { name, key: name.toLowerCase(), avatar: '', connId }, 10)
      await add('Alice', 'c1')
      await add('Ben', 'c2')
      await add('Carol', 'c3')
      const to = (name: string, avatar = '') => ({ name, key: name.toLowerCase(), avatar })
      expect(await store.renameMember(room, 'ben', 'c2', to('Benjamin', 'fox'))).toEqual({
        ok: true,
      })
      expect(await membersOf(store, room)).toEqual([
        { name: 'Alice', avatar: '' },
        { name: 'Benjamin', avatar: 'fox' },
        { name: 'Carol', avatar: '' },
      ])
      await eventually(() =>
        expect(rec.frames().at(-1)).toEqual({
          type: 'users',
          sender: '__user_list__',
          content: [
            { name: 'Alice', avatar: '' },
            { name: 'Benjamin', avatar: 'fox' },
            { name: 'Carol', avatar: '' },
          ],
        }),
      )
      await rec.stop()
      // The new name is the member's: the old one is free, the connection must match.
      expect((await add('Ben', 'c4')).ok).toBe(true)
      expect(await store.renameMember(room, 'benjamin', 'c9', to('Bo'))).toEqual({
        ok: false,
        reason: 'not_member',
      })
      expect(await store.renameMember(room, 'benjamin', 'c2', to('CAROL'))).toEqual({
        ok: false,
        reason: 'name_taken',
      })
      // The same name in other letters is the member's own.
      expect(await store.renameMember(room, 'benjamin', 'c2', to('BENJAMIN'))).toEqual({
        ok: true,
      })
      expect(await store.expelMember(room, 'carol')).toBe('Carol')
      expect(await store.renameMember(room, 'benjamin', 'c2', to('Carol'))).toEqual({
        ok: false,
        reason: 'banned',
      })
      expect(await store.renameMember('no-such-room', 'alice', 'c1', to('Al'))).toEqual({
        ok: false,
        reason: 'room_not_found',
      })
    })

    it('refuses a member when the room has maxMembers', async () => {
      const store = getStore()
      const room = await newRoom(store)
      await store.addMember(room, { name: 'a', key: 'a', avatar: '', connId: 'c1' }, 2)
      await store.addMember(room, { name: 'b', key: 'b', avatar: '', connId: 'c2' }, 2)
      expect(
        await store.addMember(room, { name: 'c', key: 'c', avatar: '', connId: 'c3' }, 2),
      ).toEqual({
        ok: false,
        reason: 'room_full',
      })
      expect(await store.removeMember(room, 'a', 'c1')).toBe(true)
      expect(
        await store.addMember(room, { name: 'c', key: 'c', avatar: '', connId: 'c3' }, 2),
      ).toMatchObject({
        ok: true,
      })
    })

    it('removes a member only for the connection that holds the name', async () => {
      const store = getStore()
      const room = await newRoom(store)
      await store.addMember(room, { name: 'Alice', key: 'alice', avatar: 'fox', connId: 'old' }, 10)
      await store.addMember(room, { name: 'Bob', key: 'bob', avatar: '', connId: 'b' }, 10)
      expect(await store.removeMember(room, 'alice', 'stale')).toBe(false)
      expect(await membersOf(store, room)).toHaveLength(2)
      expect(await store.removeMember(room, 'alice', 'old')).toBe(true)
      expect(await store.removeMember(room, 'alice', 'old')).toBe(false)
      expect(await membersOf(store, room)).toEqual([{ name: 'Bob', avatar: '' }])
      // Rejoining puts the name at the end of the join order.
      await store.addMember(room, { name: 'Alice', key: 'alice', avatar: 'owl', connId: 'new' }, 10)
      expect((await membersOf(store, room)).map((m) => m.name)).toEqual(['Bob', 'Alice'])
    })

    it('lets the holder of the resume hash take a name over in place, and nobody else', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const alice = { name: 'Alice', key: 'alice', avatar: 'fox', resumeHash: 'h1' }
      await store.addMember(room, { ...alice, connId: 'old' }, 2)
      await store.addMember(room, { name: 'Bob', key: 'bob', avatar: '', connId: 'b' }, 2)
      const events = await record(store, room)

      // No hash, or the wrong one: the name is taken, as for anyone.
      const again = { ...alice, connId: 'new', resumeHash: 'h2' }
      expect(await store.addMember(room, again, 2)).toEqual({ ok: false, reason: 'name_taken' })
      expect(await store.addMember(room, again, 2, 'wrong')).toEqual({
        ok: false,
        reason: 'name_taken',
      })
      // The right one: taken over in place, even in a full room, with a `users` frame.
      const list = [
        { name: 'Alice', avatar: 'owl' },
        { name: 'Bob', avatar: '' },
      ]
      expect(await store.addMember(room, { ...again, avatar: 'owl' }, 2, 'h1')).toEqual({
        ok: true,
        members: list,
        resumed: true,
      })
      expect(await membersOf(store, room)).toEqual(list)
      await eventually(() => expect(events.frames().at(-1)).toMatchObject({ content: list }))
      await events.stop()
      // The new connection holds the name now; the old hash is spent.
      expect(await store.removeMember(room, 'alice', 'old')).toBe(false)
      expect(await store.addMember(room, { ...alice, connId: 'x' }, 2, 'h1')).toEqual({
        ok: false,
        reason: 'name_taken',
      })
      expect(await store.removeMember(room, 'alice', 'new')).toBe(true)
      // A hash for a name nobody holds is an ordinary join.
      expect(await store.addMember(room, { ...alice, connId: 'y' }, 2, 'h2')).toEqual({
        ok: true,
        members: [
          { name: 'Bob', avatar: '' },
          { name: 'Alice', avatar: 'fox' },
        ],
      })
    })
  })
}
