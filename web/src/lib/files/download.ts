/**
 * A file fetched from the room (`GET /api/rooms/{room}/files/{blob}`) as it streams in, with
 * progress: in an encrypted room each stored chunk is opened as soon as it is whole (format:
 * `protocol/files.ts`), and the padding is cut off at the real size. Held in memory: a file is
 * at most the server's limit (25 MB by default).
 */
import { ENCRYPTED_CHUNK_BYTES } from '../../../../protocol/files'
import { blobUrl, type Attachment } from './attachment'
import { decryptChunk, encryptedChunkCount, importFileKey } from './chunk-crypto'

/** Why a download failed, in words a person can act on. */
export type DownloadFailure = 'gone' | 'undecryptable' | 'failed'

export class DownloadError extends Error {
  constructor(readonly reason: DownloadFailure) {
    super(DOWNLOAD_FAILURES[reason])
    this.name = 'DownloadError'
  }
}

export const DOWNLOAD_FAILURES: Record<DownloadFailure, string> = {
  gone: 'This file is no longer available: its room has ended.',
  undecryptable: 'This file could not be decrypted.',
  failed: 'The download did not finish. Try again.',
}

export interface DownloadOptions {
  /** Bytes received so far, of `total` (the stored size). */
  onProgress?: (received: number, total: number) => void
  signal?: AbortSignal
  /** Blob type of the result; `application/octet-stream` by default. */
  type?: string
  fetchImpl?: typeof fetch
}

/** Takes stored bytes as they come and gives back the file's content. */
interface Opener {
  total: number
  push(piece: Uint8Array): Promise<void>
  /** The content, once every byte is in; throws when anything is missing or too much. */
  end(): Promise<BlobPart[]>
}

/** Downloads and, in an encrypted room, decrypts `file`; throws a {@link DownloadError}. */
export async function downloadFile(
  roomId: string,
  file: Attachment,
  options: DownloadOptions = {},
): Promise<Blob> {
  const doFetch = options.fetchImpl ?? fetch
  let response: Response
  try {
    response = await doFetch(blobUrl(roomId, file.blob), { signal: options.signal })
  } catch (err) {
    throw options.signal?.aborted ? err : new DownloadError('failed')
  }
  if (response.status === 404 || response.status === 410) throw new DownloadError('gone')
  if (!response.ok || !response.body) throw new DownloadError('failed')

  const opener = file.key ? await sealedOpener(file.key, file.size) : plainOpener(file.size)
  const reader = response.body.getReader()
  let received = 0
  options.onProgress?.(0, opener.total)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      received += value.length
      if (received > opener.total) throw new DownloadError('failed')
      await opener.push(value)
      options.onProgress?.(received, opener.total)
    }
  } catch (err) {
    void reader.cancel().catch(() => {})
    if (err instanceof DownloadError || options.signal?.aborted) throw err
    throw new DownloadError('failed')
  }
  return new Blob(await opener.end(), { type: options.type ?? 'application/octet-stream' })
}

/** A plain room's blob is the file itself. */
function plainOpener(size: number): Opener {
  const parts: Uint8Array[] = []
  let length = 0
  return {
    total: size,
    async push(piece) {
      parts.push(piece)
      length += piece.length
    },
    async end() {
      if (length !== size) throw new DownloadError('failed')
      return parts as BlobPart[]
    },
  }
}

/**
 * An encrypted room's blob: `count` chunks of {@link ENCRYPTED_CHUNK_BYTES}, each opened with
 * its index and the count (so a missing, moved or extra chunk fails), cut to `size` bytes.
 */
async function sealedOpener(keyText: string, size: number): Promise<Opener> {
  const key = await importFileKey(keyText)
  if (!key) throw new DownloadError('undecryptable')
  const count = encryptedChunkCount(size)
  const buffer = new Uint8Array(ENCRYPTED_CHUNK_BYTES)
  let filled = 0
  let index = 0
  let kept = 0
  const parts: Uint8Array[] = []

  async function openChunk() {
    const plain = await decryptChunk(key!, buffer, index, count)
    if (!plain) throw new DownloadError('undecryptable')
    const keep = Math.min(plain.length, size - kept)
    if (keep > 0) parts.push(plain.subarray(0, keep))
    kept += keep
    index += 1
    filled = 0
  }

  return {
    total: count * ENCRYPTED_CHUNK_BYTES,
    async push(piece) {
      let at = 0
      while (at < piece.length) {
        const take = Math.min(piece.length - at, ENCRYPTED_CHUNK_BYTES - filled)
        buffer.set(piece.subarray(at, at + take), filled)
        filled += take
        at += take
        if (filled === ENCRYPTED_CHUNK_BYTES) await openChunk()
      }
    },
    async end() {
      // Cut short: a partial last chunk, or whole chunks missing at the end (each chunk is
      // bound to the count, but a stream can still just stop).
      if (filled !== 0 || index !== count) throw new DownloadError('failed')
      return parts as BlobPart[]
    },
  }
}

/** Hands `blob` to the browser's own download, saved as `name`. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  // The click has started the download; the object URL is not needed after it.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
