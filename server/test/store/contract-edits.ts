/** Store contract: deleting, editing and reacting to stored messages (`store/message-edits.ts`). */
import { describe, expect, it } from 'vitest'
import type { MessageFrame, ServerFrame } from '../../../protocol/index.js'
import type { Store } from '../../src/store/store.js'
import { draft, eventually, newRoom, record } from './contract-helpers.js'

const deleted = (id: number): ServerFrame => ({ type: 'deleted', message_id: id, by: 'author' })

export function registerEditTests(getStore: () => Store): void {
  describe('message edits', () => {
    it('deletes a message from history, quotes of it turned into quotes of a deleted message', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const first = (await store.append(room, draft('secret door code 4711')))!
      await store.append(room, {
        ...draft('reply', 'bob'),
        reply_to: { id: first.id, sender: 'alice', excerpt: 'secret door code 4711' },
      })
      const seen = await record(store, room)
      const removed = await store.edits.remove(room, first.id, deleted(first.id))
      expect(removed).toEqual(first)
      const history = await store.history(room, 0, 100)
      expect(history.map((m) => m.id)).toEqual([2])
      expect((history[0] as MessageFrame).reply_to).toEqual({
        id: first.id,
        sender: 'alice',
        deleted: true,
      })
      expect(JSON.stringify(history)).not.toContain('4711')
      await eventually(() => expect(seen.frames()).toEqual([deleted(first.id)]))
      expect(await store.edits.remove(room, first.id, deleted(first.id))).toBeNull()
      expect(await store.message(room, first.id)).toBeNull()
      await seen.stop()
    })

    it('replaces a message, and its quotes when asked, publishing the change', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const first = (await store.append(room, draft('tpyo')))!
      await store.append(room, {
        ...draft('what?', 'bob'),
        reply_to: { id: first.id, sender: 'alice', excerpt: 'tpyo' },
      })
      const seen = await record(store, room)
      const next = await store.edits.update(
        room,
        first.id,
        (m) => ({ ...m, content: 'typo', edited_at: '2026-12-08T00:00:00.000Z' }),
        (m) => ({ type: 'edited', message_id: m.id, content: m.content, edited_at: m.edited_at! }),
        (m) => ({ id: m.id, sender: m.sender, excerpt: m.content }),
      )
      expect(next).toMatchObject({ id: first.id, content: 'typo' })
      const [edited, reply] = (await store.history(room, 0, 100)) as MessageFrame[]
      expect(edited).toMatchObject({ content: 'typo', edited_at: '2026-12-08T00:00:00.000Z' })
      expect(reply!.reply_to).toEqual({ id: first.id, sender: 'alice', excerpt: 'typo' })
      expect(JSON.stringify(await store.history(room, 0, 100))).not.toContain('tpyo')
      await eventually(() =>
        expect(seen.frames()).toEqual([
          {
            type: 'edited',
            message_id: first.id,
            content: 'typo',
            edited_at: '2026-12-08T00:00:00.000Z',
          },
        ]),
      )
      await seen.stop()
    })

    it('applies concurrent changes one after another, none lost', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const message = (await store.append(room, draft('react to me')))!
      const names = Array.from({ length: 20 }, (_, i) => `member${i}`)
      await Promise.all(
        names.map((sender) =>
          store.edits.update(
            room,
            message.id,
            (m) => ({ ...m, reactions: [...(m.reactions ?? []), { sender, reaction: '👍' }] }),
            (m) => ({ type: 'reactions', message_id: m.id, reactions: m.reactions ?? [] }),
          ),
        ),
      )
      const stored = (await store.message(room, message.id)) as MessageFrame
      expect(stored.reactions?.map((r) => r.sender).sort()).toEqual([...names].sort())
    })

    it('refuses a change that throws, and changes nothing of a missing message', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const message = (await store.append(room, draft('mine')))!
      const refusal = new Error('not yours')
      await expect(
        store.edits.update(
          room,
          message.id,
          () => {
            throw refusal
          },
          () => deleted(0),
        ),
      ).rejects.toBe(refusal)
      expect(await store.message(room, message.id)).toEqual(message)
      const missing = await store.edits.update(
        room,
        999,
        (m) => m,
        () => deleted(999),
      )
      expect(missing).toBeNull()
    })

    it('keeps a room’s default message timer and says it in room_state', async () => {
      const store = getStore()
      const room = await newRoom(store)
      const seen = await record(store, room)
      expect(await store.setVanishSeconds(room, 60)).toBe(true)
      expect((await store.getRoom(room))?.vanishSeconds).toBe(60)
      await eventually(() =>
        expect(seen.frames()).toEqual([{ type: 'room_state', locked: false, vanish_seconds: 60 }]),
      )
      expect(await store.setVanishSeconds(room, 0)).toBe(true)
      expect((await store.getRoom(room))?.vanishSeconds).toBeUndefined()
      expect(await store.setVanishSeconds('no-such-room', 60)).toBe(false)
      await seen.stop()
    })
  })
}
