import { describe, expect, it } from 'vitest'
import { EMOJI_CATEGORIES } from '../emoji'

// Code points from Emoji 14 onwards that sit among older ones; anything in these ranges
// shows as a blank box on systems a few years old.
const NEWER_THAN_13: [number, number][] = [
  [0x1f6dc, 0x1f6df],
  [0x1f7f0, 0x1f7f0],
  [0x1f979, 0x1f979],
  [0x1f9cc, 0x1f9cc],
  [0x1fa75, 0x1fa77],
  [0x1fa7b, 0x1fa7f],
  [0x1fa87, 0x1fa8f],
  [0x1faa9, 0x1faaf],
  [0x1fab7, 0x1fabf],
  [0x1fac3, 0x1facf],
  [0x1fad7, 0x1fadf],
  [0x1fae0, 0x1faff],
]

const all = EMOJI_CATEGORIES.flatMap((category) => category.emojis)
// Built at run time: the `v` flag is newer than the ES2023 target the compiler checks against.
const singleEmoji = new RegExp('^\\p{RGI_Emoji}$', 'v')

describe('EMOJI_CATEGORIES', () => {
  it('has the six picker tabs in order', () => {
    expect(EMOJI_CATEGORIES.map((c) => c.label)).toEqual([
      'Smileys',
      'People & gestures',
      'Animals & nature',
      'Food & drink',
      'Activities & travel',
      'Objects & symbols',
    ])
    expect(new Set(EMOJI_CATEGORIES.map((c) => c.id)).size).toBe(6)
  })

  it.each(EMOJI_CATEGORIES)('$label holds 40–80 emoji and shows one of them as its icon', (c) => {
    expect(c.emojis.length).toBeGreaterThanOrEqual(40)
    expect(c.emojis.length).toBeLessThanOrEqual(80)
    expect(c.emojis.map((e) => e.char)).toContain(c.icon)
  })

  it('lists every character once', () => {
    const chars = all.map((e) => e.char)
    expect(chars.filter((char, i) => chars.indexOf(char) !== i)).toEqual([])
  })

  it('names every emoji with a short, unique, lowercase name', () => {
    for (const { char, name } of all) {
      expect(name, char).toMatch(/^[a-z0-9][a-z0-9 '-]*[a-z]$/)
      expect(name.length, char).toBeLessThanOrEqual(32)
    }
    const names = all.map((e) => e.name)
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([])
  })

  it('uses only single, widely supported emoji (Emoji 13 or older, no ZWJ, skin tone or flag)', () => {
    for (const { char, name } of all) {
      expect(char, name).toMatch(singleEmoji)
      const points = [...char].map((c) => c.codePointAt(0) ?? 0)
      expect(
        points.filter((p) => p !== 0xfe0f),
        name,
      ).toHaveLength(1)
      const [point = 0] = points
      const tooNew = NEWER_THAN_13.some(([from, to]) => point >= from && point <= to)
      expect(tooNew, `${char} ${name}`).toBe(false)
      expect(point >= 0x1f1e6 && point <= 0x1f1ff, name).toBe(false)
    }
  })
})
