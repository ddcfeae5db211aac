import { describe, expect, it } from 'vitest'
import { isEmojiOnly, safeHref, toSegments } from '../segments'
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

describe('toSegments: code, www. links', () => {
  it('takes inline code out verbatim, with no links or mentions inside', () => {
    expect(toSegments('run `npm ci` then `see https://a.test @Ann` ok', ['Ann'])).toEqual([
      { kind: 'text', text: 'run ' },
      { kind: 'code', text: 'npm ci' },
      { kind: 'text', text: ' then ' },
      { kind: 'code', text: 'see https://a.test @Ann' },
      { kind: 'text', text: ' ok' },
    ])
    // A lone or empty pair of backticks is just text.
    expect(toSegments('it`s')).toEqual([{ kind: 'text', text: 'it`s' }])
    expect(toSegments('x `` y')).toEqual([{ kind: 'text', text: 'x `` y' }])
    expect(toSegments('` `')).toEqual([{ kind: 'text', text: '` `' }])
  })

  it('takes fenced blocks without their fences and keeps their lines and markup as text', () => {
    const content = 'look:\n```\nconst a = `x`\n<b>hi</b>\n```\nthanks @Ann'
    expect(toSegments(content, ['Ann'])).toEqual([
      { kind: 'text', text: 'look:\n' },
      { kind: 'codeblock', text: 'const a = `x`\n<b>hi</b>' },
      { kind: 'text', text: '\nthanks ' },
      { kind: 'mention', text: '@Ann', name: 'Ann' },
    ])
    expect(toSegments('```one line```')).toEqual([{ kind: 'codeblock', text: 'one line' }])
  })

  it('links bare www. addresses over https, at a word start only', () => {
    expect(toSegments('see www.example.com/a?b=1, or WWW.Test.org.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'www.example.com/a?b=1', href: 'https://www.example.com/a?b=1' },
      { kind: 'text', text: ', or ' },
      { kind: 'link', text: 'WWW.Test.org', href: 'https://www.test.org/' },
      { kind: 'text', text: '.' },
    ])
    expect(toSegments('https://www.a.test/x')).toEqual([
      { kind: 'link', text: 'https://www.a.test/x', href: 'https://www.a.test/x' },
    ])
    for (const text of ['mail.www.a.test', 'me@www.a.test', 'www.', 'www.nodot', 'awww.a.test']) {
      expect(toSegments(text)).toEqual([{ kind: 'text', text }])
    }
  })
})

describe('toSegments: bare domains', () => {
  it('links a bare domain with a common top-level domain and a path, over https', () => {
    expect(toSegments('read example.net/foo, then docs.github.com/en/a).')).toEqual([
      { kind: 'text', text: 'read ' },
      { kind: 'link', text: 'example.net/foo', href: 'https://example.net/foo' },
      { kind: 'text', text: ', then ' },
      { kind: 'link', text: 'docs.github.com/en/a', href: 'https://docs.github.com/en/a' },
      { kind: 'text', text: ').' },
    ])
    expect(toSegments('www.example.org')).toEqual([
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org/' },
    ])
  })

  it('leaves file names, a domain without its path and addresses inside words as text', () => {
    for (const text of [
      'see README.md and notes.txt',
      'example.net is down',
      'open src/main.ts/x',
      'a build.sh/x or app.py/y',
      'bob@example.com/x',
      'path/example.com/y',
      'v1.2/3',
    ]) {
      expect(toSegments(text), text).toEqual([{ kind: 'text', text }])
    }
  })
})

describe('isEmojiOnly', () => {
  it('is true for a few emoji alone, spaces aside, flags and keycaps included', () => {
    for (const text of ['🎉', ' 👍🏽 ', '👨‍👩‍👧 ❤️', '🇫🇷', '1️⃣', '😀😀😀😀😀😀']) {
      expect(isEmojiOnly(text), text).toBe(true)
    }
  })

  it('is false with any text, digits or too many emoji', () => {
    for (const text of ['', '  ', 'ok 👍', '123', '#', ':)', '😀😀😀😀😀😀😀']) {
      expect(isEmojiOnly(text), text).toBe(false)
    }
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
