import { describe, expect, it } from 'vitest'
import {
  ENCRYPTED_CHUNK_BYTES,
  FILE_CHUNK_BYTES,
  isPaddedChunkCount,
  paddedChunkCount,
} from '../../../../../protocol/files'
import {
  decryptChunk,
  encryptChunk,
  encryptedChunkCount,
  encryptedUploadSize,
  importFileKey,
  newFileKey,
} from '../chunk-crypto'

/** `size` bytes that differ from chunk to chunk, so a moved chunk cannot pass for another. */
function content(size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 16)) % 251
  return bytes
}

async function sealAll(key: CryptoKey, bytes: Uint8Array): Promise<Uint8Array[]> {
  const count = encryptedChunkCount(bytes.length)
  return Promise.all([...Array(count).keys()].map((i) => encryptChunk(key, bytes, i, count)))
}

/** What a receiver does: every chunk opened with its place and the count, cut to `size`. */
async function openAll(key: CryptoKey, chunks: Uint8Array[], size: number) {
  const out = new Uint8Array(chunks.length * FILE_CHUNK_BYTES)
  for (const [i, chunk] of chunks.entries()) {
    const plain = await decryptChunk(key, chunk, i, chunks.length)
    if (!plain) return null
    out.set(plain, i * FILE_CHUNK_BYTES)
  }
  return out.subarray(0, size)
}

describe('padding buckets', () => {
  it('rounds chunk counts up to powers of two and one and a half times them', () => {
    const counts = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 17, 25, 400]
    expect(counts.map(paddedChunkCount)).toEqual([1, 2, 3, 4, 6, 6, 8, 8, 12, 12, 16, 24, 32, 512])
    for (let n = 1; n <= 1000; n++) {
      const padded = paddedChunkCount(n)
      expect(padded).toBeGreaterThanOrEqual(n)
      // Padding adds at most half again (a third of the padded size).
      expect(padded).toBeLessThanOrEqual(Math.max(2, n * 1.5))
      expect(isPaddedChunkCount(padded)).toBe(true)
    }
  })

  it('stores whole sealed chunks: 1 byte and a full chunk take one, 5 chunks take 6', () => {
    expect(encryptedUploadSize(1)).toBe(ENCRYPTED_CHUNK_BYTES)
    expect(encryptedUploadSize(FILE_CHUNK_BYTES)).toBe(ENCRYPTED_CHUNK_BYTES)
    expect(encryptedUploadSize(FILE_CHUNK_BYTES + 1)).toBe(2 * ENCRYPTED_CHUNK_BYTES)
    expect(encryptedUploadSize(5 * FILE_CHUNK_BYTES - 7)).toBe(6 * ENCRYPTED_CHUNK_BYTES)
    // Two files of different sizes in one bucket look alike to the server.
    expect(encryptedUploadSize(300_000)).toBe(encryptedUploadSize(390_000))
  })
})

describe('chunk encryption', () => {
  it('opens byte for byte with the key sent in the message', async () => {
    const file = await newFileKey()
    const bytes = content(5 * FILE_CHUNK_BYTES - 1000)
    const chunks = await sealAll(file.key, bytes)
    expect(chunks).toHaveLength(6)
    expect(chunks.every((c) => c.length === ENCRYPTED_CHUNK_BYTES)).toBe(true)
    const receiverKey = (await importFileKey(file.text))!
    expect(await openAll(receiverKey, chunks, bytes.length)).toEqual(bytes)
  })

  it('pads with chunks of zeros past the end', async () => {
    const file = await newFileKey()
    const chunks = await sealAll(file.key, content(10))
    expect(chunks).toHaveLength(1)
    const plain = await decryptChunk(file.key, chunks[0]!, 0, 1)
    expect(plain!.subarray(10).every((b) => b === 0)).toBe(true)
  })

  it('refuses chunks reordered, dropped, cut off, changed, or counted wrong', async () => {
    const file = await newFileKey()
    const bytes = content(3 * FILE_CHUNK_BYTES)
    const chunks = await sealAll(file.key, bytes)
    expect(chunks).toHaveLength(3)
    // Reordered: each chunk is bound to its index.
    expect(await openAll(file.key, [chunks[1]!, chunks[0]!, chunks[2]!], bytes.length)).toBeNull()
    // Truncated (the last chunk dropped): the count is bound into every chunk.
    expect(await openAll(file.key, chunks.slice(0, 2), bytes.length)).toBeNull()
    // A chunk cut short.
    expect(await decryptChunk(file.key, chunks[0]!.subarray(0, 1000), 0, 3)).toBeNull()
    // One byte changed.
    const changed = chunks[2]!.slice()
    changed[500]! ^= 0x01
    expect(await decryptChunk(file.key, changed, 2, 3)).toBeNull()
    // The wrong count: an attacker claims there were four.
    expect(await decryptChunk(file.key, chunks[0]!, 0, 4)).toBeNull()
    // Another file's key.
    const other = await newFileKey()
    expect(await decryptChunk(other.key, chunks[0]!, 0, 3)).toBeNull()
    // And untouched, it all opens.
    expect(await openAll(file.key, chunks, bytes.length)).toEqual(bytes)
  })

  it('makes a fresh key each time, and refuses keys that are not 32 bytes', async () => {
    const [a, b] = [await newFileKey(), await newFileKey()]
    expect(a.text).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(a.text).not.toBe(b.text)
    expect(await importFileKey('short')).toBeNull()
    expect(await importFileKey(`${a.text}A`)).toBeNull()
  })
})
