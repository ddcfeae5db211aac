/** The web app's own code opens the pinned vectors (`protocol/vectors.ts`). */
import { describe, expect, it } from 'vitest'
import { reactionAdditionalData } from '../../../../protocol/envelope'
import { FILE_CHUNK_BYTES } from '../../../../protocol/files'
import {
  FILE_CHUNK_VECTOR,
  MESSAGE_VECTOR,
  REACTION_VECTOR,
  VECTOR_KEY,
} from '../../../../protocol/vectors'
import { fromBase64url } from '../base64url'
import { decryptChunk, encryptChunk, importFileKey } from '../files/chunk-crypto'
import { decryptMessage, importRoomKey } from '../room-crypto'

describe('pinned vectors in the web app', () => {
  it('opens the message vector, and not with another context', async () => {
    const key = (await importRoomKey(VECTOR_KEY))!
    const m = MESSAGE_VECTOR
    expect(await decryptMessage(key, m.context, m.envelope)).toBe(m.text)
    expect(await decryptMessage(key, { ...m.context, sender: 'Eve' }, m.envelope)).toBeNull()
  })

  it('opens the reaction vector with the reaction’s additional data only', async () => {
    const raw = fromBase64url(VECTOR_KEY)!
    const key = await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['decrypt'])
    const [, iv, body] = REACTION_VECTOR.envelope.split(':') as [string, string, string]
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: fromBase64url(iv)!,
        additionalData: new TextEncoder().encode(reactionAdditionalData(REACTION_VECTOR.context)),
      },
      key,
      fromBase64url(body)!,
    )
    expect(new TextDecoder().decode(plain)).toBe(REACTION_VECTOR.reaction)
  })

  it('seals and opens the file chunk vector', async () => {
    const f = FILE_CHUNK_VECTOR
    const key = (await importFileKey(VECTOR_KEY))!
    const plain = new Uint8Array(FILE_CHUNK_BYTES)
    plain.set(new TextEncoder().encode(f.text))
    const encryptKey = await crypto.subtle.importKey(
      'raw',
      fromBase64url(VECTOR_KEY)!,
      { name: 'AES-GCM' },
      false,
      ['encrypt'],
    )
    // The whole file's content: chunk `index` holds the text, zeros around it.
    const content = new Uint8Array(FILE_CHUNK_BYTES * (f.index + 1))
    content.set(plain, f.index * FILE_CHUNK_BYTES)
    const sealed = await encryptChunk(encryptKey, content, f.index, f.count)
    const digest = new Uint8Array(
      await crypto.subtle.digest('SHA-256', sealed as Uint8Array<ArrayBuffer>),
    )
    const hex = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('')
    expect(hex).toBe(f.sealedSha256)
    expect(await decryptChunk(key, sealed, f.index, f.count)).toEqual(plain)
    expect(await decryptChunk(key, sealed, f.index + 1, f.count)).toBeNull()
  })
})
