import { describe, expect, it } from 'vitest'
import type { MessageFrame, ServerFrame, SystemFrame } from '../../../../protocol/frames'
import {
  QUOTE_UNAVAILABLE,
  QUOTE_UNDECRYPTABLE,
  createFrameDecryptor,
  readableText,
  type OpenedEdit,
  type OpenedMessage,
} from '../frame-decryptor'
import { encryptMessage, encryptReaction, importRoomKey, newRoomKey } from '../room-crypto'
import { sealedJson } from '../files/__tests__/fixtures'
import { sealedMessages } from './fixtures'

const ROOM = 'room-one'

async function setup() {
  const key = (await importRoomKey(newRoomKey()))!
  const seal = (sender: string, text: string, replyTo?: number, room = ROOM) =>
    encryptMessage(key, { room, sender, replyTo }, text)
  const message = sealedMessages(key, ROOM, new Date(0).toISOString(), 'fox')
  const decryptor = createFrameDecryptor(key, ROOM)
  const out: ServerFrame[] = []
  const push = (frame: ServerFrame) => decryptor.push(frame, (f) => out.push(f))
  return { key, seal, message, decryptor, out, push }
}

const notice: SystemFrame = {
  type: 'system',
  id: 2,
  sender: '__system__',
  content: 'Bob joined the chat',
  timestamp: new Date(0).toISOString(),
  event: 'join',
  name: 'Bob',
}

describe('createFrameDecryptor', () => {
  it('opens history and live messages, and leaves other frames as they are', async () => {
    const t = await setup()
    t.push({ type: 'history', messages: [await t.message(1, 'Alice', 'hi there'), notice] })
    t.push(await t.message(3, 'Bob', 'hello Alice'))
    t.push({ type: 'pong' })
    await t.decryptor.idle()
    expect(t.out).toHaveLength(3)
    const history = t.out[0] as Extract<ServerFrame, { type: 'history' }>
    expect(history.messages[0]).toMatchObject({ id: 1, content: 'hi there' })
    expect(history.messages[0]).not.toHaveProperty('undecryptable')
    expect(history.messages[1]).toEqual(notice)
    expect(t.out[1]).toMatchObject({ type: 'message', id: 3, content: 'hello Alice' })
    expect(t.out[2]).toEqual({ type: 'pong' })
  })

  it('marks what does not decrypt and never passes ciphertext or plain text on', async () => {
    const t = await setup()
    const moved = await t.message(1, 'Alice', 'secret')
    moved.sender = 'Mallory' // the server claims someone else sent it
    const elsewhere: MessageFrame = {
      ...(await t.message(2, 'Bob', 'x')),
      content: await t.seal('Bob', 'x', undefined, 'other-room'),
    }
    const plain = {
      ...(await t.message(3, 'Eve', 'x')),
      content: 'plain text left by an old client',
    }
    t.push({ type: 'history', messages: [moved, elsewhere] })
    t.push(plain)
    await t.decryptor.idle()
    const [history, live] = t.out as [Extract<ServerFrame, { type: 'history' }>, OpenedMessage]
    for (const m of [...history.messages, live] as OpenedMessage[]) {
      expect(m.undecryptable).toBe(true)
      expect(m.content).toBe('')
    }
  })

  it('draws reply quotes from its own copies, inside one history batch and live', async () => {
    const t = await setup()
    const first = await t.message(1, 'Alice', 'Shall we  meet\nat noon?')
    const bad = { ...(await t.message(2, 'Bob', 'x')), content: 'e1:garbage' }
    const reply = await t.message(3, 'Bob', 'Yes', {
      reply_to: { id: 1, sender: 'Alice' },
    })
    t.push({ type: 'history', messages: [first, bad, reply] })
    t.push(await t.message(4, 'Alice', 'ok', { reply_to: { id: 2, sender: 'Bob' } }))
    t.push(await t.message(5, 'Alice', 'ok', { reply_to: { id: 99, sender: 'Bob' } }))
    // The server cannot point a reply at another quote: the quoted id is bound too.
    const repointed = await t.message(6, 'Bob', 'Yes', {
      reply_to: { id: 1, sender: 'Alice' },
    })
    t.push({ ...repointed, reply_to: { id: 4, sender: 'Alice', excerpt: '' } })
    await t.decryptor.idle()
    const history = t.out[0] as Extract<ServerFrame, { type: 'history' }>
    expect((history.messages[2] as MessageFrame).reply_to).toEqual({
      id: 1,
      sender: 'Alice',
      excerpt: 'Shall we meet at noon?',
    })
    expect((t.out[1] as MessageFrame).reply_to?.excerpt).toBe(QUOTE_UNDECRYPTABLE)
    expect((t.out[2] as MessageFrame).reply_to?.excerpt).toBe(QUOTE_UNAVAILABLE)
    expect((t.out[3] as OpenedMessage).undecryptable).toBe(true)
  })

  it('opens a file message: its caption and file from the sealed JSON, quoted in a few words', async () => {
    const t = await setup()
    const photo = await t.message(1, 'Alice', sealedJson({}, ''), { file: { blob: 'b1' } })
    const doc = await t.message(
      2,
      'Alice',
      sealedJson({ blob: 'b2', name: 'q3.pdf', type: 'application/pdf' }, 'numbers'),
      { file: { blob: 'b2' } },
    )
    // The sealed description names another blob than the frame: not shown as that file.
    const moved = await t.message(3, 'Alice', sealedJson(), { file: { blob: 'b9' } })
    t.push({ type: 'history', messages: [photo, doc, moved] })
    for (const id of [1, 2, 3]) {
      t.push(await t.message(10 + id, 'Bob', 'ok', { reply_to: { id, sender: 'Alice' } }))
    }
    await t.decryptor.idle()
    const [first, second, third] = (t.out[0] as Extract<ServerFrame, { type: 'history' }>)
      .messages as OpenedMessage[]
    expect(first).toMatchObject({ content: '', file: { blob: 'b1', name: 'photo.jpg' } })
    expect(first!.file!.key).toHaveLength(43)
    expect(second).toMatchObject({ content: 'numbers', file: { blob: 'b2', name: 'q3.pdf' } })
    expect(third).toMatchObject({ content: '', undecryptable: true })
    expect(third).not.toHaveProperty('file')
    expect(t.out.slice(1).map((f) => (f as MessageFrame).reply_to?.excerpt)).toEqual([
      '📷 Photo',
      '📎 q3.pdf · numbers',
      QUOTE_UNDECRYPTABLE,
    ])
    expect(readableText(second as MessageFrame)).toBe('📎 q3.pdf · numbers')
  })

  it('delivers in the order frames arrived, however long each takes to open', async () => {
    const t = await setup()
    const big = await t.message(1, 'Alice', 'x'.repeat(4000))
    t.push({
      type: 'history',
      messages: Array.from({ length: 50 }, (_, i) => ({ ...big, id: i + 1 })),
    })
    t.push({ type: 'users', sender: '__user_list__', content: [] })
    t.push(await t.message(51, 'Alice', 'after'))
    t.push({ type: 'typing', sender: '__typing__', content: 'Alice' })
    await t.decryptor.idle()
    expect(t.out.map((f) => f.type)).toEqual(['history', 'users', 'message', 'typing'])
  })

  it('keeps going after a handler throws', async () => {
    const t = await setup()
    const seen: string[] = []
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    try {
      t.decryptor.push({ type: 'pong' }, () => {
        throw new Error('boom')
      })
      t.decryptor.push(await t.message(1, 'Alice', 'still here'), (f) =>
        seen.push((f as MessageFrame).content),
      )
      await t.decryptor.idle()
    } finally {
      console.error = original
    }
    expect(seen).toEqual(['still here'])
    expect(errors).toHaveLength(1)
  })

  it('opens an edit with what its message was sealed for, and quotes the new text', async () => {
    const t = await setup()
    const reply = await t.message(2, 'Bob', 'first', { reply_to: { id: 1, sender: 'Alice' } })
    t.push({ type: 'history', messages: [await t.message(1, 'Alice', 'hello'), reply] })
    const editedAt = new Date(1000).toISOString()
    // Sealed again for Bob and the quote of message 1, as his browser does.
    const content = await t.seal('Bob', 'second thoughts', 1)
    t.push({ type: 'edited', message_id: 2, content, edited_at: editedAt })
    // Sealed without the quote: the server cannot move it to another context.
    const wrong = await t.seal('Bob', 'moved', undefined)
    t.push({ type: 'edited', message_id: 2, content: wrong, edited_at: editedAt })
    // An edit of a message this page never saw opens to nothing.
    t.push({ type: 'edited', message_id: 9, content, edited_at: editedAt })
    t.push(await t.message(3, 'Carol', 'quoting', { reply_to: { id: 2, sender: 'Bob' } }))
    await t.decryptor.idle()
    const [good, bad, unknown] = t.out.slice(1, 4) as OpenedEdit[]
    expect(good).toEqual({
      type: 'edited',
      message_id: 2,
      content: 'second thoughts',
      edited_at: editedAt,
    })
    expect(bad).toMatchObject({ content: '', undecryptable: true })
    expect(unknown).toMatchObject({ content: '', undecryptable: true })
    // The last edit did not open: a quote of it says so.
    expect((t.out[4] as MessageFrame).reply_to?.excerpt).toBe(QUOTE_UNDECRYPTABLE)
  })

  it('opens a file message’s edit to its new caption, keeping its file', async () => {
    const t = await setup()
    const photo = await t.message(1, 'Alice', sealedJson({}, 'old'), { file: { blob: 'b1' } })
    t.push(photo)
    const content = await t.seal('Alice', sealedJson({}, 'new caption'))
    t.push({ type: 'edited', message_id: 1, content, edited_at: photo.timestamp })
    await t.decryptor.idle()
    expect(t.out[1]).toMatchObject({
      content: 'new caption',
      file: { blob: 'b1', name: 'photo.jpg' },
    })
  })

  it('opens reactions in history, live, and in a reactions frame, for each member', async () => {
    const t = await setup()
    const react = (sender: string, emoji: string, messageId = 1) =>
      encryptReaction(t.key, { room: ROOM, sender, messageId }, emoji)
    const bob = await react('Bob', '👍')
    const first = await t.message(1, 'Alice', 'hi', {
      reactions: [
        { sender: 'Bob', reaction: bob },
        { sender: 'Carol', reaction: await react('Bob', '😂') },
      ],
    })
    t.push({ type: 'history', messages: [first] })
    const carol = await react('Carol', '❤️')
    t.push({ type: 'reactions', message_id: 1, reactions: [{ sender: 'Carol', reaction: carol }] })
    await t.decryptor.idle()
    const history = t.out[0] as Extract<ServerFrame, { type: 'history' }>
    expect((history.messages[0] as OpenedMessage).reactions).toEqual([
      { sender: 'Bob', reaction: '👍', wire: bob },
    ])
    expect(t.out[1]).toEqual({
      type: 'reactions',
      message_id: 1,
      reactions: [{ sender: 'Carol', reaction: '❤️', wire: carol }],
    })
  })

  it('quotes a deleted message as deleted, and forgets it', async () => {
    const t = await setup()
    t.push(await t.message(1, 'Alice', 'oops'))
    t.push({ type: 'deleted', message_id: 1, by: 'author' })
    t.push(
      await t.message(2, 'Bob', 'what?', { reply_to: { id: 1, sender: 'Alice', deleted: true } }),
    )
    t.push(await t.message(3, 'Bob', 'hm', { reply_to: { id: 1, sender: 'Alice' } }))
    await t.decryptor.idle()
    expect(t.out[1]).toEqual({ type: 'deleted', message_id: 1, by: 'author' })
    expect((t.out[2] as MessageFrame).reply_to).toEqual({ id: 1, sender: 'Alice', deleted: true })
    expect((t.out[3] as MessageFrame).reply_to?.excerpt).toBe(QUOTE_UNAVAILABLE)
  })
})
