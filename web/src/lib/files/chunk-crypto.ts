/**
 * A file's encryption in an encrypted room (format: `protocol/files.ts`): a fresh AES-GCM-256
 * key per file, the content padded to a bucket of whole chunks, each chunk sealed with its
 * index and the chunk count in its IV and additional data. WebCrypto only.
 */
import {
  ENCRYPTED_CHUNK_BYTES,
  FILE_CHUNK_BYTES,
  fileChunkAdditionalData,
  fileChunkIv,
  paddedChunkCount,
} from '../../../../protocol/files'
import { fromBase64url, toBase64url } from '../base64url'

const utf8 = new TextEncoder()
const FILE_KEY_BYTES = 32

/** A file key: the `CryptoKey` and its 43 base64url characters (for the sealed message). */
export interface FileKey {
  key: CryptoKey
  text: string
}

export async function newFileKey(): Promise<FileKey> {
  const raw = crypto.getRandomValues(new Uint8Array(FILE_KEY_BYTES))
  const key = await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, [
    'encrypt',
    'decrypt',
  ])
  return { key, text: toBase64url(raw) }
}

/** The key of a sealed file message, or null when `text` is not one. */
export async function importFileKey(text: string): Promise<CryptoKey | null> {
  const raw = fromBase64url(text)
  if (!raw || raw.length !== FILE_KEY_BYTES) return null
  return crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['decrypt'])
}

/** How many chunks an encrypted upload of `size` bytes of content has (padded to a bucket). */
export function encryptedChunkCount(size: number): number {
  return paddedChunkCount(Math.max(1, Math.ceil(size / FILE_CHUNK_BYTES)))
}

/** Bytes an encrypted upload of `size` bytes of content stores. */
export function encryptedUploadSize(size: number): number {
  return encryptedChunkCount(size) * ENCRYPTED_CHUNK_BYTES
}

/**
 * Chunk `index` of `count`, sealed: the content's bytes from `index × 64 KiB`, zero-padded to
 * a whole chunk (the padding chunks past the end are all zeros).
 */
export async function encryptChunk(
  key: CryptoKey,
  content: Uint8Array,
  index: number,
  count: number,
): Promise<Uint8Array> {
  const plain = new Uint8Array(FILE_CHUNK_BYTES)
  const start = index * FILE_CHUNK_BYTES
  if (start < content.length) plain.set(content.subarray(start, start + FILE_CHUNK_BYTES))
  const sealed = await crypto.subtle.encrypt(
    {
      name: 'AES-GCM',
      iv: fileChunkIv(index) as Uint8Array<ArrayBuffer>,
      additionalData: utf8.encode(fileChunkAdditionalData(index, count)),
    },
    key,
    plain,
  )
  return new Uint8Array(sealed)
}

/** Chunk `index` of `count` opened, or null when it was changed, moved or is not one. */
export async function decryptChunk(
  key: CryptoKey,
  sealed: Uint8Array,
  index: number,
  count: number,
): Promise<Uint8Array | null> {
  if (sealed.length !== ENCRYPTED_CHUNK_BYTES) return null
  try {
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: fileChunkIv(index) as Uint8Array<ArrayBuffer>,
        additionalData: utf8.encode(fileChunkAdditionalData(index, count)),
      },
      key,
      sealed as Uint8Array<ArrayBuffer>,
    )
    return new Uint8Array(plain)
  } catch {
    return null
  }
}
