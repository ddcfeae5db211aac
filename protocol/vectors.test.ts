/** The pinned vectors (`vectors.ts`) are what a conforming client makes, byte for byte. */
import { createCipheriv, createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { envelopeAdditionalData, reactionAdditionalData } from './envelope.js'
import { FILE_CHUNK_BYTES, fileChunkAdditionalData, fileChunkIv } from './files.js'
import {
  FILE_CHUNK_VECTOR,
  MESSAGE_VECTOR,
  REACTION_VECTOR,
  VECTOR_IV_BYTE,
  VECTOR_KEY,
} from './vectors.js'

const key = Buffer.from(VECTOR_KEY, 'base64url')

function seal(additionalData: string, plain: Buffer, iv: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(additionalData))
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()])
}

function envelope(additionalData: string, text: string): string {
  const iv = Buffer.alloc(12, VECTOR_IV_BYTE)
  const body = seal(additionalData, Buffer.from(text), iv)
  return `e1:${iv.toString('base64url')}:${body.toString('base64url')}`
}

describe('pinned vectors', () => {
  it('a message, a reaction and a file chunk seal to exactly what is pinned', () => {
    expect(key).toHaveLength(32)
    const m = MESSAGE_VECTOR
    expect(envelope(envelopeAdditionalData(m.context), m.text)).toBe(m.envelope)
    const r = REACTION_VECTOR
    expect(envelope(reactionAdditionalData(r.context), r.reaction)).toBe(r.envelope)
    const f = FILE_CHUNK_VECTOR
    const plain = Buffer.alloc(FILE_CHUNK_BYTES)
    plain.write(f.text)
    const sealed = seal(fileChunkAdditionalData(f.index, f.count), plain, fileChunkIv(f.index))
    expect(sealed).toHaveLength(f.sealedBytes)
    expect(createHash('sha256').update(sealed).digest('hex')).toBe(f.sealedSha256)
  })
})
