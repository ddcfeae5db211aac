import { createCipheriv, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  envelopeAdditionalData,
  envelopeMaxChars,
  isCanonicalBase64url,
  isEnvelope,
  splitEnvelope,
} from './envelope.js'

/** An envelope made by Node's own AES-GCM, as any conforming client would make it. */
function seal(text: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', randomBytes(32), iv)
  cipher.setAAD(Buffer.from(envelopeAdditionalData({ room: 'r', sender: 's' })))
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return `e1:${iv.toString('base64url')}:${body.toString('base64url')}`
}

const MAX = envelopeMaxChars(4000)

describe('isEnvelope', () => {
  it('accepts real envelopes, from one byte of text to the longest', () => {
    for (const text of ['a', 'hello', '€'.repeat(4000)]) {
      expect(isEnvelope(seal(text), MAX)).toBe(true)
    }
    expect(seal('€'.repeat(4000))).toHaveLength(MAX)
  })

  it('refuses plain text and anything not exactly the documented shape', () => {
    const good = seal('hello')
    const [, iv, body] = good.split(':') as [string, string, string]
    const refused = [
      'hello',
      '',
      'e1:',
      `${good}\n`,
      ` ${good}`,
      `E1:${iv}:${body}`,
      `e2:${iv}:${body}`,
      `e1:${iv}:${body}:`,
      `e1:${iv}${body}`,
      `e1:${iv.slice(1)}:${body}`,
      `e1:${iv}A:${body}`,
      `e1:${iv}:${body.slice(0, 22)}`, // shorter than tag + one byte
      `e1:${iv}:${body}=`,
      `e1:${iv}:${body.replace(/[-_]/g, '+')}${/[-_]/.test(body) ? '' : '+'}`,
      `e1:${iv}:${body}A`, // a length no byte count gives
    ]
    for (const content of refused) expect(isEnvelope(content, MAX), content).toBe(false)
  })

  it('refuses an envelope longer than the bound, even if well-formed', () => {
    const envelope = seal('€'.repeat(4000))
    expect(isEnvelope(envelope, MAX - 1)).toBe(false)
    expect(isEnvelope(envelope, MAX)).toBe(true)
  })

  it('refuses non-canonical base64url, so one message has one spelling', () => {
    expect(isCanonicalBase64url('AA')).toBe(true)
    expect(isCanonicalBase64url('AB')).toBe(false)
    expect(isCanonicalBase64url('AAA')).toBe(true)
    expect(isCanonicalBase64url('AAB')).toBe(false)
    expect(isCanonicalBase64url('AAAAA')).toBe(false)
    const [, iv, body] = seal('hi!').split(':') as [string, string, string] // 19 bytes: 26 chars
    expect(body.length % 4).toBe(2)
    // 'B' has a spare low bit set, so no canonical encoder ends a 2-remainder string with it.
    const bent = `${body.slice(0, -1)}B`
    expect(splitEnvelope(`e1:${iv}:${bent}`)).toBeNull()
  })
})

describe('envelopeMaxChars', () => {
  it('grows with the plaintext limit and covers three UTF-8 bytes per character', () => {
    expect(envelopeMaxChars(1)).toBe(3 + 16 + 1 + Math.ceil((3 + 16) * (4 / 3)))
    expect(envelopeMaxChars(4000)).toBe(16_042)
    expect(envelopeMaxChars(8000)).toBeGreaterThan(envelopeMaxChars(4000))
  })
})

describe('envelopeAdditionalData', () => {
  it('gives different bytes for different contexts, however names are chosen', () => {
    const a = envelopeAdditionalData({ room: 'a","b', sender: 'c' })
    const b = envelopeAdditionalData({ room: 'a', sender: 'b","c' })
    expect(a).not.toBe(b)
    expect(envelopeAdditionalData({ room: 'r', sender: 's' })).toBe('["chatty/e1","r","s",0]')
    expect(envelopeAdditionalData({ room: 'r', sender: 's', replyTo: 4 })).toBe(
      '["chatty/e1","r","s",4]',
    )
  })
})
