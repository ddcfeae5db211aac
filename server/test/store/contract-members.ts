/** Store contract: member lists, unique names, the room size limit. */
import { describe, expect, it } from 'vitest'
import type { Store } from '../../src/store/store.js'
import { newRoom } from './contract-helpers.js'

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
      expect(await store.members(room)).toEqual(list)
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
      expect(await store.members(room)).toEqual(list)
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
      expect(await store.members(room)).toHaveLength(2)
      expect(await store.removeMember(room, 'alice', 'old')).toBe(true)
      expect(await store.removeMember(room, 'alice', 'old')).toBe(false)
      expect(await store.members(room)).toEqual([{ name: 'Bob', avatar: '' }])
      // Rejoining puts the name at the end of the join order.
      await store.addMember(room, { name: 'Alice', key: 'alice', avatar: 'owl', connId: 'new' }, 10)
      expect((await store.members(room)).map((m) => m.name)).toEqual(['Bob', 'Alice'])
    })
  })
}
