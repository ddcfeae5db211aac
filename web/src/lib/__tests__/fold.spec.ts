import { describe, expect, it } from 'vitest'
import { FOLDED_CHARS, foldSegments, isLong } from '../fold'
import { toSegments } from '../segments'

const text = (segments: { text: string }[]) => segments.map((s) => s.text).join('')

describe('isLong', () => {
  it('folds past 700 characters or 12 lines, not before', () => {
    expect(isLong('x'.repeat(700))).toBe(false)
    expect(isLong('word '.repeat(280))).toBe(true)
    expect(isLong(Array(12).fill('line').join('\n'))).toBe(false)
    expect(isLong(Array(13).fill('line').join('\n'))).toBe(true)
  })
})

describe('foldSegments', () => {
  it('keeps the start of a long text, cut after a word', () => {
    const shown = text(foldSegments(toSegments('word '.repeat(280))))
    expect(shown.length).toBeLessThanOrEqual(FOLDED_CHARS)
    expect(shown.length).toBeGreaterThan(FOLDED_CHARS - 10)
    expect(shown.endsWith('word')).toBe(true)
  })

  it('keeps the first eight lines of many short ones', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n')
    expect(text(foldSegments(toSegments(lines)))).toBe(lines.split('\n').slice(0, 8).join('\n'))
  })

  it('never shows half a link: one past the limit is left out whole', () => {
    const content = `${'a'.repeat(390)} see https://example.com/a/long/path ${'b'.repeat(400)}`
    const shown = foldSegments(toSegments(content))
    expect(shown.map((s) => s.kind)).toEqual(['text'])
    expect(text(shown)).toBe(`${'a'.repeat(390)} see`)
  })
})
