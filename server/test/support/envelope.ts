/**
 * Envelopes as a conforming client makes them (`protocol/envelope.ts`), with Node's own
 * AES-GCM, so server tests speak the encrypted protocol without the browser code.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { envelopeAdditionalData, type EnvelopeContext } from '../../../protocol/envelope.js'

export function newKey(): Buffer {
  return randomBytes(32)
}

export function seal(key: Buffer, ctx: EnvelopeContext, text: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(envelopeAdditionalData(ctx), 'utf8'))
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return `e1:${iv.toString('base64url')}:${body.toString('base64url')}`
}

/** The text of an envelope; throws when it does not open with this key and context. */
export function open(key: Buffer, ctx: EnvelopeContext, envelope: string): string {
  const [, iv, body] = envelope.split(':') as [string, string, string]
  const sealed = Buffer.from(body, 'base64url')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAAD(Buffer.from(envelopeAdditionalData(ctx), 'utf8'))
  decipher.setAuthTag(sealed.subarray(-16))
  return Buffer.concat([decipher.update(sealed.subarray(0, -16)), decipher.final()]).toString()
}

/** A well-formed envelope of exactly `chars` characters (random bytes: it opens with no key). */
export function envelopeOfLength(chars: number): string {
  const bodyChars = chars - 'e1:'.length - 16 - 1
  const bytes = Math.floor((bodyChars * 3) / 4)
  const body = randomBytes(bytes).toString('base64url')
  if (body.length !== bodyChars) throw new Error(`no envelope is exactly ${chars} characters`)
  return `e1:${randomBytes(12).toString('base64url')}:${body}`
}
