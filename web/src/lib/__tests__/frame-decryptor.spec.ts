import { describe, expect, it } from 'vitest'
import type { MessageFrame, ServerFrame, SystemFrame } from '../../../../protocol/frames'
import {
  QUOTE_UNAVAILABLE,
  QUOTE_UNDECRYPTABLE,
  createFrameDecryptor,
  readableText,
  type OpenedMessage,
} from '../frame-decryptor'
import { encryptMessage, importRoomKey, newRoomKey } from '../room-crypto'
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
})
