import { describe, expect, it } from 'vitest'
import { reactionAdditionalData } from '../../../../protocol/envelope'
import { createReactionOpener, groupReactions, ownReaction } from '../reactions'
import {
  decryptMessage,
  decryptReaction,
  encryptMessage,
  encryptReaction,
  importRoomKey,
  newRoomKey,
} from '../room-crypto'

const key = async () => (await importRoomKey(newRoomKey()))!

describe('reaction envelopes', () => {
  it('open only for the room, the member and the message they were sealed for', async () => {
    const k = await key()
    const ctx = { room: 'r1', sender: 'Bob', messageId: 7 }
    const sealed = await encryptReaction(k, ctx, '👍🏽')
    expect(sealed).toMatch(/^e1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/)
    expect(await decryptReaction(k, ctx, sealed)).toBe('👍🏽')
    for (const moved of [
      { ...ctx, room: 'r2' },
      { ...ctx, sender: 'Mallory' },
      { ...ctx, messageId: 8 },
    ]) {
      expect(await decryptReaction(k, moved, sealed)).toBeNull()
    }
    expect(await decryptReaction(await key(), ctx, sealed)).toBeNull()
    // A reaction is not a message, and a message not a reaction (their own format tags).
    expect(await decryptMessage(k, { room: 'r1', sender: 'Bob', replyTo: 7 }, sealed)).toBeNull()
    const message = await encryptMessage(k, { room: 'r1', sender: 'Bob', replyTo: 7 }, '👍')
    expect(await decryptReaction(k, ctx, message)).toBeNull()
    expect(reactionAdditionalData(ctx)).toBe('["chatty/r1","r1","Bob",7]')
  })

  it('are opened for each member; what does not open, or is not one emoji, is left out', async () => {
    const k = await key()
    const seal = (sender: string, emoji: string, messageId = 3) =>
      encryptReaction(k, { room: 'r1', sender, messageId }, emoji)
    const opener = createReactionOpener(k, 'r1')
    const alice = await seal('Alice', '❤️')
    const list = [
      { sender: 'Alice', reaction: alice },
      { sender: 'Bob', reaction: await seal('Bob', '😂') },
      { sender: 'Mallory', reaction: await seal('Bob', '🙏') }, // claimed for someone else
      { sender: 'Carol', reaction: await seal('Carol', '👍', 4) }, // another message's
      { sender: 'Dan', reaction: await seal('Dan', 'hello there') }, // not an emoji
      { sender: 'Eve', reaction: 'e1:garbage' },
    ]
    expect(await opener.open(3, list)).toEqual([
      { sender: 'Alice', reaction: '❤️', wire: alice },
      { sender: 'Bob', reaction: '😂', wire: list[1]!.reaction },
    ])
    expect(await opener.open(3, undefined)).toEqual([])
  })
})

describe('showing reactions', () => {
  const list = [
    { sender: 'Bob', reaction: '👍' },
    { sender: 'Alice', reaction: '❤️' },
    { sender: 'Alice', reaction: '👍', wire: 'e1:x' },
    { sender: 'Carol', reaction: '👍' },
  ]
  it('groups them by emoji in the order first given, with who and whether mine', () => {
    expect(groupReactions(list, 'Alice')).toEqual([
      { emoji: '👍', count: 3, senders: ['Bob', 'Alice', 'Carol'], mine: true },
      { emoji: '❤️', count: 1, senders: ['Alice'], mine: true },
    ])
    expect(groupReactions(undefined, 'Alice')).toEqual([])
  })

  it('finds what to send to take one’s own back', () => {
    expect(ownReaction(list, 'Alice', '👍')).toEqual({
      sender: 'Alice',
      reaction: '👍',
      wire: 'e1:x',
    })
    expect(ownReaction(list, 'Alice', '😂')).toBeUndefined()
    expect(ownReaction(list, 'Dan', '👍')).toBeUndefined()
  })
})
