import { describe, expect, it } from 'vitest'
import {
  envelopeMaxChars,
  isEnvelope,
  splitEnvelope,
  type EnvelopeContext,
} from '../../../../protocol/envelope'
import { fromBase64url, toBase64url } from '../base64url'
import {
  decryptMessage,
  encryptMessage,
  importRoomKey,
  keyFromHash,
  makeKeyCheck,
  newRoomKey,
  opensKeyCheck,
} from '../room-crypto'

const ctx: EnvelopeContext = { room: 'room-AAAA', sender: 'Alice' }

async function freshKey(): Promise<CryptoKey> {
  const key = await importRoomKey(newRoomKey())
  if (!key) throw new Error('a new key must import')
  return key
}

/** The envelope with one bit of its ciphertext (or IV) flipped, still well-formed. */
function flipBit(envelope: string, part: 'iv' | 'ciphertext', byte: number): string {
  const parts = splitEnvelope(envelope)!
  const bytes = fromBase64url(parts[part])!
  bytes[byte]! ^= 0x01
  const next = { ...parts, [part]: toBase64url(bytes) }
  return `e1:${next.iv}:${next.ciphertext}`
}

describe('room keys', () => {
  it('makes 256-bit keys as 43 base64url characters, a new one every time', () => {
    const a = newRoomKey()
    const b = newRoomKey()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(fromBase64url(a)).toHaveLength(32)
    expect(a).not.toBe(b)
  })

  it('reads a key from a location hash and refuses anything else', () => {
    const key = newRoomKey()
    expect(keyFromHash(`#${key}`)).toBe(key)
    expect(keyFromHash(key)).toBe(key)
    expect(keyFromHash('')).toBeNull()
    expect(keyFromHash('#')).toBeNull()
    expect(keyFromHash(`#${key.slice(0, 42)}`)).toBeNull()
    expect(keyFromHash(`#${key}A`)).toBeNull()
    expect(keyFromHash(`#${key.slice(0, 42)}+`)).toBeNull()
    // 43 characters hold 258 bits; a last character with the spare bits set is not canonical.
    expect(keyFromHash(`#${key.slice(0, 42)}B`)).toBeNull()
  })

  it('imports keys non-extractable, and refuses text that is not a key', async () => {
    const key = await freshKey()
    expect(key.extractable).toBe(false)
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow()
    expect(await importRoomKey('not-a-key')).toBeNull()
  })
})

describe('message envelopes', () => {
  it('round-trips text, emoji and every kind of character', async () => {
    const key = await freshKey()
    for (const text of [
      'hello',
      'Grüße, 你好 👋🏽',
      '  spaced\nlines\t',
      '\u0000',
      'é'.repeat(500),
    ]) {
      const envelope = await encryptMessage(key, ctx, text)
      expect(isEnvelope(envelope, envelopeMaxChars(text.length))).toBe(true)
      expect(await decryptMessage(key, ctx, envelope)).toBe(text)
    }
  })

  it('never shows the text and uses a fresh IV for every message', async () => {
    const key = await freshKey()
    const a = await encryptMessage(key, ctx, 'MARKER-secret')
    const b = await encryptMessage(key, ctx, 'MARKER-secret')
    expect(a).not.toContain('MARKER')
    expect(a).not.toBe(b)
    expect(splitEnvelope(a)!.iv).not.toBe(splitEnvelope(b)!.iv)
  })

  it('stays within the documented bound for the longest, widest message', async () => {
    const key = await freshKey()
    // '€' is one UTF-16 unit and three UTF-8 bytes: the worst case per character.
    const envelope = await encryptMessage(key, ctx, '€'.repeat(4000))
    expect(envelope.length).toBe(envelopeMaxChars(4000))
    expect(envelopeMaxChars(4000)).toBe(16_042)
    const pairs = await encryptMessage(key, ctx, '😀'.repeat(2000)) // 4000 units, 8000 bytes
    expect(pairs.length).toBeLessThan(envelopeMaxChars(4000))
  })

  it('detects a changed byte anywhere in the ciphertext, tag or IV', async () => {
    const key = await freshKey()
    const envelope = await encryptMessage(key, ctx, 'pay Bob 10')
    const cipherBytes = fromBase64url(splitEnvelope(envelope)!.ciphertext)!.length
    for (const byte of [0, 5, cipherBytes - 17, cipherBytes - 1]) {
      expect(await decryptMessage(key, ctx, flipBit(envelope, 'ciphertext', byte))).toBeNull()
    }
    expect(await decryptMessage(key, ctx, flipBit(envelope, 'iv', 0))).toBeNull()
    expect(await decryptMessage(key, ctx, envelope)).toBe('pay Bob 10')
  })

  it('refuses a message moved to another sender, room or quote', async () => {
    const key = await freshKey()
    const envelope = await encryptMessage(key, { ...ctx, replyTo: 7 }, 'I agree')
    const same = { ...ctx, replyTo: 7 }
    expect(await decryptMessage(key, same, envelope)).toBe('I agree')
    expect(await decryptMessage(key, { ...same, sender: 'Mallory' }, envelope)).toBeNull()
    expect(await decryptMessage(key, { ...same, sender: 'alice' }, envelope)).toBeNull()
    expect(await decryptMessage(key, { ...same, room: 'room-BBBB' }, envelope)).toBeNull()
    expect(await decryptMessage(key, { ...same, replyTo: 8 }, envelope)).toBeNull()
    expect(await decryptMessage(key, ctx, envelope)).toBeNull()
  })

  it('refuses a wrong key, a truncated envelope, another version and plain text', async () => {
    const key = await freshKey()
    const envelope = await encryptMessage(key, ctx, 'hello')
    expect(await decryptMessage(await freshKey(), ctx, envelope)).toBeNull()
    expect(await decryptMessage(key, ctx, envelope.slice(0, -4))).toBeNull()
    expect(await decryptMessage(key, ctx, envelope.replace(/^e1:/, 'e2:'))).toBeNull()
    expect(await decryptMessage(key, ctx, 'hello')).toBeNull()
    expect(await decryptMessage(key, ctx, '')).toBeNull()
  })

  it('matches the documented format, read step by step from the protocol docs', async () => {
    const keyText = newRoomKey()
    const key = (await importRoomKey(keyText))!
    const envelope = await encryptMessage(key, { ...ctx, replyTo: 3 }, 'interop ✓')
    const [version, iv, sealed] = envelope.split(':') as [string, string, string]
    expect(version).toBe('e1')
    const bytes = (b64: string) =>
      Uint8Array.from(atob(b64.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))
    const raw = await crypto.subtle.importKey('raw', bytes(keyText), 'AES-GCM', false, ['decrypt'])
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: bytes(iv),
        additionalData: new TextEncoder().encode('["chatty/e1","room-AAAA","Alice",3]'),
      },
      raw,
      bytes(sealed),
    )
    expect(new TextDecoder().decode(plain)).toBe('interop ✓')
  })
})

describe('key checks', () => {
  it('open with the key that made them, and with no other', async () => {
    const key = await freshKey()
    const check = await makeKeyCheck(key)
    expect(check).toMatch(/^kc1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{43}$/)
    expect(await opensKeyCheck(key, check)).toBe(true)
    expect(await opensKeyCheck(await freshKey(), check)).toBe(false)
    // Fresh randomness each time: two checks of one key differ.
    expect(await makeKeyCheck(key)).not.toBe(check)
  })

  it('catch a changed byte, and know nothing of a format they do not know', async () => {
    const key = await freshKey()
    const check = await makeKeyCheck(key)
    const [, iv, ciphertext] = check.split(':') as [string, string, string]
    const bytes = fromBase64url(ciphertext)!
    bytes[0]! ^= 0x01
    expect(await opensKeyCheck(key, `kc1:${iv}:${toBase64url(bytes)}`)).toBe(false)
    expect(await opensKeyCheck(key, check.replace('kc1:', 'kc9:'))).toBeNull()
    expect(await opensKeyCheck(key, 'not a check')).toBeNull()
  })
})
