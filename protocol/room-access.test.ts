import { describe, expect, it } from 'vitest'
import { parseKeyCheck } from './key-check.js'
import {
  PASSWORD_KDF_DEFAULTS,
  isAcceptableKdf,
  parseRoomFragment,
  roomFragment,
  type PasswordKdf,
} from './room-access.js'

const KEY = 'A'.repeat(42) + 'E'
const TOKEN = 'b'.repeat(32)

describe('room link fragments', () => {
  it('reads a key, an invitation, both, or neither', () => {
    expect(parseRoomFragment(`#${KEY}`)).toEqual({ key: KEY, invite: null })
    expect(parseRoomFragment(`#${KEY}&invite=${TOKEN}`)).toEqual({ key: KEY, invite: TOKEN })
    expect(parseRoomFragment(`#invite=${TOKEN}`)).toEqual({ key: null, invite: TOKEN })
    expect(parseRoomFragment('')).toEqual({ key: null, invite: null })
    // A token cut short is no token.
    expect(parseRoomFragment(`#${KEY}&invite=${TOKEN.slice(1)}`)).toEqual({
      key: KEY,
      invite: null,
    })
  })

  it('writes what it reads', () => {
    for (const f of [
      { key: KEY, invite: TOKEN },
      { key: KEY, invite: null },
      { key: null, invite: TOKEN },
    ]) {
      expect(parseRoomFragment(roomFragment(f))).toEqual(f)
    }
    expect(roomFragment({ key: null, invite: null })).toBe('')
  })
})

describe('password key derivations a browser runs', () => {
  const kdf: PasswordKdf = { name: 'argon2id', salt: 'c'.repeat(22), ...PASSWORD_KDF_DEFAULTS }

  it('takes the defaults, and refuses too cheap, too costly or unknown ones', () => {
    expect(isAcceptableKdf(kdf)).toBe(true)
    expect(isAcceptableKdf({ ...kdf, memory_kib: 1024 })).toBe(false)
    expect(isAcceptableKdf({ ...kdf, memory_kib: 2 ** 22 })).toBe(false)
    expect(isAcceptableKdf({ ...kdf, iterations: 1 })).toBe(false)
    expect(isAcceptableKdf({ ...kdf, salt: 'short' })).toBe(false)
    expect(isAcceptableKdf({ ...kdf, name: 'scrypt' } as unknown as PasswordKdf)).toBe(false)
  })
})

describe('key checks, one versioned format', () => {
  it('reads a sealed kc1 and a derived kc2, and nothing else', () => {
    const sealed = `kc1:${'A'.repeat(16)}:${'B'.repeat(42)}A`
    expect(parseKeyCheck(sealed)).toEqual({
      version: 'kc1',
      iv: 'A'.repeat(16),
      ciphertext: `${'B'.repeat(42)}A`,
    })
    expect(parseKeyCheck(`kc2:${KEY}`)).toEqual({ version: 'kc2', verifier: KEY })
    // Not canonical base64url (low bits set), another version, another length.
    expect(parseKeyCheck(`kc2:${'A'.repeat(42)}B`)).toBeNull()
    expect(parseKeyCheck(`kc3:${KEY}`)).toBeNull()
    expect(parseKeyCheck(`kc2:${KEY}A`)).toBeNull()
  })
})
