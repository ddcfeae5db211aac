import { describe, expect, it } from 'vitest'
import type { MessageFrame, StoredFrame } from '../../../../protocol/frames'
import { findMatches, highlightParts, searchableText } from '../search'

const at = '2030-01-01T00:00:00.000Z'
const msg = (id: number, content: string, extra: Partial<MessageFrame> = {}) =>
  ({
    type: 'message',
    id,
    sender: 'Bob',
    avatar: 'owl',
    content,
    timestamp: at,
    ...extra,
  }) as MessageFrame

const messages: StoredFrame[] = [
  msg(1, 'The address is 12 Rue des Lilas'),
  {
    type: 'system',
    id: 2,
    sender: '__system__',
    content: 'Lilas joined',
    timestamp: at,
    event: 'join',
    name: 'Lilas',
  },
  msg(3, 'see the plan', {
    file: { blob: 'b1', name: 'lilas-floor-plan.pdf', type: 'application/pdf', size: 10 },
  }),
  msg(4, '', { undecryptable: true } as Partial<MessageFrame>),
  msg(5, 'price: $5 (approx.) [ok]'),
  msg(6, 'ÉCOLE at noon'),
]

describe('searching the conversation', () => {
  it('finds messages by their text and their file names, in any case; never notices', () => {
    expect(findMatches(messages, 'lilas')).toEqual([1, 3])
    expect(findMatches(messages, '  RUE DES  ')).toEqual([1])
    expect(findMatches(messages, 'école')).toEqual([6])
    expect(findMatches(messages, 'floor-plan')).toEqual([3])
  })

  it('takes the query as text, not as a pattern', () => {
    expect(findMatches(messages, '$5 (approx.)')).toEqual([5])
    expect(findMatches(messages, '[ok]')).toEqual([5])
    expect(findMatches(messages, '.*')).toEqual([])
  })

  it('finds nothing for a blank query, nor in what did not decrypt', () => {
    expect(findMatches(messages, '   ')).toEqual([])
    expect(searchableText(messages[3]!)).toBe('')
  })

  it('cuts text where the query occurs, every time, keeping its case', () => {
    expect(highlightParts('Lilas, rue des lilas', 'LILAS')).toEqual([
      { text: 'Lilas', hit: true },
      { text: ', rue des ', hit: false },
      { text: 'lilas', hit: true },
    ])
    expect(highlightParts('nothing here', 'lilas')).toEqual([{ text: 'nothing here', hit: false }])
    expect(highlightParts('a+b', '')).toEqual([{ text: 'a+b', hit: false }])
  })
})
