import { describe, expect, it } from 'vitest'
import { safeHref, toSegments } from '../segments'
import { findMentions, mergeById } from '../messages'
import type { StoredFrame } from '../../../../protocol/frames'

describe('toSegments', () => {
  it('keeps sentence punctuation and unbalanced brackets out of links', () => {
    expect(toSegments('go to https://a.test/x. Then (https://b.test/y)!')).toEqual([
      { kind: 'text', text: 'go to ' },
      { kind: 'link', text: 'https://a.test/x', href: 'https://a.test/x' },
      { kind: 'text', text: '. Then (' },
      { kind: 'link', text: 'https://b.test/y', href: 'https://b.test/y' },
      { kind: 'text', text: ')!' },
    ])
    expect(toSegments('https://en.wikipedia.org/wiki/Foo_(bar)')[0]).toMatchObject({
      kind: 'link',
      text: 'https://en.wikipedia.org/wiki/Foo_(bar)',
    })
  })

  it('links only http and https', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull()
    expect(safeHref('data:text/html,hi')).toBeNull()
    expect(toSegments('javascript:alert(1) ftp://x.test')).toEqual([
      { kind: 'text', text: 'javascript:alert(1) ftp://x.test' },
    ])
  })

  it('marks mentions of the given names, longest name first', () => {
    expect(toSegments('hi @Ann Lee and @ann', ['Ann', 'Ann Lee'])).toEqual([
      { kind: 'text', text: 'hi ' },
      { kind: 'mention', text: '@Ann Lee', name: 'Ann Lee' },
      { kind: 'text', text: ' and ' },
      { kind: 'mention', text: '@ann', name: 'Ann' },
    ])
    expect(toSegments('mail me@Ann.test', ['Ann'])).toEqual([
      { kind: 'text', text: 'mail me@Ann.test' },
    ])
  })
})

describe('messages', () => {
  const m = (id: number): StoredFrame => ({
    type: 'message',
    id,
    sender: 'a',
    avatar: '',
    content: String(id),
    timestamp: '',
  })

  it('merges by id in order without doubles', () => {
    const merged = mergeById([m(1), m(2), m(5)], [m(2), m(3), m(4), m(5), m(6)])
    expect(merged.map((x) => x.id)).toEqual([1, 2, 3, 4, 5, 6])
    const same = [m(1)]
    expect(mergeById(same, [m(1)])).toBe(same)
  })

  it('finds mentions as spelt in the member list', () => {
    expect(findMentions('hey @bob and @Carol!', ['Bob', 'Carol', 'Dave'])).toEqual(['Bob', 'Carol'])
    expect(findMentions('x@bob', ['Bob'])).toEqual([])
  })
})
