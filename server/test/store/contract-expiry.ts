/** Store contract: a room and everything in it are gone when its time is up. */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Store } from '../../src/store/store.js'
import { draft, HOUR, newRoom } from './contract-helpers.js'
import { membersOf } from '../../src/store/__tests__/members-of.js'

export function registerExpiryTests(getStore: () => Store): void {
  describe('expiry', () => {
    it('forgets a room, its messages and members when its time is up', async () => {
      const store = getStore()
      const room = await newRoom(store, 1500)
      await store.append(room, draft('soon gone'))
      await store.addMember(room, { name: 'Alice', key: 'alice', avatar: '', connId: 'a' }, 10)
      expect(await store.getRoom(room)).not.toBeNull()
      await new Promise((resolve) => setTimeout(resolve, 1700))
      expect(await store.getRoom(room)).toBeNull()
      expect(await store.history(room, 0, 100)).toEqual([])
      expect(await store.message(room, 1)).toBeNull()
      expect(await membersOf(store, room)).toEqual([])
      expect(await store.append(room, draft('too late'))).toBeNull()
      expect(
        await store.addMember(room, { name: 'Bob', key: 'bob', avatar: '', connId: 'b' }, 10),
      ).toEqual({
        ok: false,
        reason: 'room_not_found',
      })
    })

    it('treats a room whose time has passed as gone', async () => {
      const store = getStore()
      const id = randomUUID()
      await store.createRoom({
        id,
        createdAt: Date.now() - HOUR,
        expiresAt: Date.now() - 1,
        encrypted: false,
      })
      expect(await store.getRoom(id)).toBeNull()
      expect(await store.append(id, draft('x'))).toBeNull()
    })
  })
}
