/** Names nobody can fake: the cases from issue 10, and their neighbours. */
import { describe, expect, it } from 'vitest'
import { nameKey } from './name-key.js'
import { checkName } from './names.js'

const MAX = 32
const key = (name: string): string => checkName(name, MAX).key
const refusal = (name: string): string => {
  try {
    checkName(name, MAX)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error(`${JSON.stringify(name)} was accepted`)
}

describe('name keys', () => {
  it('gives look-alikes of "Alice" the key of "Alice": Cyrillic, Greek, fullwidth, case', () => {
    const alice = key('Alice')
    for (const fake of [
      '\u0410lice', // Cyrillic А
      'Ali\u0441e', // Cyrillic с
      '\u0391lice', // Greek Α
      '\uff21\uff4c\uff49\uff43\uff45', // fullwidth Ａｌｉｃｅ
      'ALICE',
      'alice',
      '𝐀𝐥𝐢𝐜𝐞', // mathematical bold
    ]) {
      expect(key(fake), fake).toBe(alice)
    }
  })

  it('keeps different names apart', () => {
    const keys = ['Alice', 'Alicia', 'Bob', 'Bobby', 'Zoë', 'Zoe 2', '李雷', 'Анна'].map(key)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('folds digits and letters that look alike (0/O, 1/l)', () => {
    expect(key('B0B')).toBe(key('BOB'))
    expect(key('A1ice')).toBe(key('Alice'))
  })

  it('is stable: the key of a key is itself', () => {
    for (const name of ['Alice', '\u0410lice', 'Ｂｏｂ', 'Zoë', 'ǅemal']) {
      expect(nameKey(nameKey(name))).toBe(nameKey(name))
    }
  })
})

describe('refused names', () => {
  it('refuses bidi controls and isolates around or inside a name', () => {
    for (const cp of [
      0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f,
      0x061c,
    ]) {
      const ch = String.fromCodePoint(cp)
      expect(refusal(`${ch}Bob${ch}`), cp.toString(16)).toMatch(/invisible or direction/)
    }
    expect(refusal('\u2068Bob\u2069')).toMatch(/invisible/)
  })

  it('refuses soft hyphens, variation selectors, tag characters and other default-ignorables', () => {
    for (const name of [
      'Bo\u00adb', // soft hyphen
      'Bob\ufe0f', // variation selector 16
      'Bob\u{e0041}', // tag A
      'Bob\u{e0100}', // variation selector 17
      'B\u200bob', // zero-width space
      'B\u200dob', // zero-width joiner
      'Bob\u034f', // combining grapheme joiner
      'Bob\u2060', // word joiner
    ]) {
      expect(refusal(name), JSON.stringify(name)).toMatch(/invisible/)
    }
  })

  it('refuses names with nothing visible: Hangul fillers, blank braille, whitespace', () => {
    for (const name of ['\u3164', '\u3164\u3164', '\u2800', '\u2800 \u2800', '   ', '\u3000']) {
      expect(refusal(name), JSON.stringify(name)).toMatch(/visible|display name|invisible/)
    }
    expect(refusal('\u0301\u0301')).toMatch(/visible/)
  })

  it('refuses the server senders in any width or script', () => {
    for (const name of [
      '__system__',
      '＿＿system＿＿', // fullwidth low lines
      '__ѕуѕtеm__', // Cyrillic look-alikes
      '__SYSTEM__',
      '__user_list__',
      '__error__',
      '__typing__',
    ]) {
      expect(refusal(name), name).toMatch(/reserved/)
    }
  })

  it('refuses a stack of combining marks', () => {
    expect(refusal('Z\u0300\u0301\u0302\u0303\u0304algo')).toMatch(/accents/)
    expect(checkName('Zoë', MAX).name).toBe('Zoë')
  })

  it('accepts ordinary names as typed (NFC, spaces collapsed)', () => {
    expect(checkName('  Anna   Maria ', MAX).name).toBe('Anna Maria')
    expect(checkName('Zoe\u0308', MAX).name).toBe('Zoë')
    for (const name of ['李雷', 'Анна', 'José', "O'Brien", 'Ana-María', '🦊 Fox', 'x_y']) {
      expect(checkName(name, MAX).name).toBe(name)
    }
  })
})
