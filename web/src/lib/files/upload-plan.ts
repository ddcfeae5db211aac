/**
 * What an upload of a file's bytes stores, and its chunks as they go out: sealed with the
 * file's key in an encrypted room (padded to a bucket, `chunk-crypto.ts`), slices of the
 * file in a plain one.
 */
import { ENCRYPTED_CHUNK_BYTES } from '../../../../protocol/files'
import type { UploadReadyFrame } from '../../../../protocol/frames'
import { encryptChunk, encryptedChunkCount, encryptedUploadSize } from './chunk-crypto'

/** The `size` an `upload` asks for: the file, or its padded ciphertext. */
export function uploadSize(contentBytes: number, encrypted: boolean): number {
  return encrypted ? encryptedUploadSize(contentBytes) : contentBytes
}

/**
 * Chunk `index` of the upload the server made ready, or null when its answer does not fit
 * this file (another chunk size or count): nothing is sent then.
 */
export function chunkReader(
  bytes: Uint8Array,
  key: CryptoKey | null,
  ready: Pick<UploadReadyFrame, 'chunk_bytes' | 'chunks'>,
): ((index: number) => Promise<Uint8Array>) | null {
  const { chunk_bytes: chunkBytes, chunks } = ready
  if (key) {
    const count = encryptedChunkCount(bytes.length)
    if (chunkBytes !== ENCRYPTED_CHUNK_BYTES || chunks !== count) return null
    return (index) => encryptChunk(key, bytes, index, count)
  }
  if (chunkBytes < 1 || chunks !== Math.max(1, Math.ceil(bytes.length / chunkBytes))) return null
  return (index) => Promise.resolve(bytes.subarray(index * chunkBytes, (index + 1) * chunkBytes))
}
