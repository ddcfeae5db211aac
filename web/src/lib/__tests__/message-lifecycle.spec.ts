import { describe, expect, it } from 'vitest'
import type { MessageFrame, StoredFrame, SystemFrame } from '../../../../protocol/frames'
import type { OpenedEdit, OpenedMessage } from '../frame-decryptor'
import {
  nextVanishing,
  quoteOf,
  vanished,
  withEdit,
  withoutMessage,
  withReactions,
} from '../message-lifecycle'

const at = '2030-01-01T00:00:00.000Z'
const msg = (id: number, sender: string, content: string, extra: Partial<MessageFrame> = {}) =>
  ({ type: 'message', id, sender, avatar: 'owl', content, timestamp: at, ...extra }) as MessageFrame
const notice: SystemFrame = {
  type: 'system',
  id: 2,
  sender: '__system__',
  content: 'Bob joined the chat',
  timestamp: at,
  event: 'join',
  name: 'Bob',
}
const list = (): StoredFrame[] => [
  msg(1, 'Alice', 'meet at 5?'),
  notice,
  msg(3, 'Bob', 'yes', { reply_to: { id: 1, sender: 'Alice', excerpt: 'meet at 5?' } }),
  msg(4, 'Carol', 'me too', { reply_to: { id: 3, sender: 'Bob', excerpt: 'yes' } }),
]
const edit = (id: number, content: string, extra: Partial<OpenedEdit> = {}): OpenedEdit => ({
  type: 'edited',
  message_id: id,
  content,
  edited_at: '2030-01-01T00:05:00.000Z',
  ...extra,
})

describe('withoutMessage', () => {
  it('drops the message, and replies to it quote only who wrote it, and that it is gone', () => {
    const out = withoutMessage(list(), 1)
    expect(out.map((m) => m.id)).toEqual([2, 3, 4])
    expect((out[1] as MessageFrame).reply_to).toEqual({ id: 1, sender: 'Alice', deleted: true })
    // Other quotes are untouched.
    expect((out[2] as MessageFrame).reply_to).toEqual({ id: 3, sender: 'Bob', excerpt: 'yes' })
  })

  it('leaves the list itself when the message is not there, or is a notice', () => {
    const messages = list()
    expect(withoutMessage(messages, 99)).toBe(messages)
    expect(withoutMessage(messages, 2)).toBe(messages)
  })
})

describe('withEdit', () => {
  it('puts the new text in, marked edited, and replies quote it', () => {
    const out = withEdit(list(), edit(1, 'meet at 6?\nor later'))
    expect(out[0]).toMatchObject({
      content: 'meet at 6?\nor later',
      edited_at: edit(1, '').edited_at,
    })
    expect((out[2] as MessageFrame).reply_to).toEqual({
      id: 1,
      sender: 'Alice',
      excerpt: 'meet at 6? or later',
    })
  })

  it('keeps a file message its file, or takes the one the edit opened', () => {
    const file = { blob: 'b1', name: 'plan.pdf', type: 'application/pdf', size: 10 }
    const withFile: StoredFrame[] = [msg(1, 'Alice', 'old caption', { file }), list()[2]!]
    const out = withEdit(withFile, edit(1, 'new caption'))
    expect(out[0]).toMatchObject({ content: 'new caption', file })
    expect((out[1] as MessageFrame).reply_to?.excerpt).toBe('📎 plan.pdf · new caption')
    const reopened = withEdit(withFile, edit(1, 'again', { file: { ...file, name: 'v2.pdf' } }))
    expect((reopened[0] as MessageFrame).file?.name).toBe('v2.pdf')
  })

  it('an edit that does not decrypt shows as such, never the old text', () => {
    const out = withEdit(list(), edit(1, '', { undecryptable: true }))
    expect(out[0]).toMatchObject({ content: '', undecryptable: true })
    // ... and one that does clears the mark again.
    const fixed = withEdit(out, edit(1, 'readable'))
    expect((fixed[0] as OpenedMessage).undecryptable).toBeUndefined()
    expect(quoteOf(fixed[0] as MessageFrame).excerpt).toBe('readable')
  })

  it('does not bring a deleted message back', () => {
    const gone = withoutMessage(list(), 1)
    expect(withEdit(gone, edit(1, 'late edit'))).toBe(gone)
  })
})

describe('withReactions', () => {
  it('replaces the whole list, and an empty one leaves no field', () => {
    const given = withReactions(list(), 3, [{ sender: 'Alice', reaction: '👍' }])
    expect((given[2] as MessageFrame).reactions).toEqual([{ sender: 'Alice', reaction: '👍' }])
    const taken = withReactions(given, 3, [])
    expect(taken[2]).not.toHaveProperty('reactions')
    expect(withReactions(given, 99, [])).toBe(given)
  })
})

describe('vanishing', () => {
  const timed = [
    msg(1, 'Alice', 'a', { expires_at: '2030-01-01T00:00:30.000Z' }),
    msg(2, 'Alice', 'b'),
    msg(3, 'Alice', 'c', { expires_at: '2030-01-01T00:00:10.000Z' }),
  ]
  it('finds the next deadline and what is past it', () => {
    expect(nextVanishing(timed)).toBe(Date.parse('2030-01-01T00:00:10.000Z'))
    expect(nextVanishing([msg(1, 'Alice', 'a')])).toBeNull()
    expect(vanished(timed, Date.parse('2030-01-01T00:00:09.999Z'))).toEqual([])
    expect(vanished(timed, Date.parse('2030-01-01T00:00:10.000Z'))).toEqual([3])
    expect(vanished(timed, Date.parse('2030-01-01T01:00:00.000Z'))).toEqual([1, 3])
  })
})
