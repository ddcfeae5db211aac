/**
 * What the HTTP file routes (`http/files.ts`) ask of a room's files: an upload's chunks,
 * written by whoever holds its token; what it still lacks; its cancelling; and a finished
 * file's bytes, read one chunk at a time.
 */
import type { BlobRecord, PutChunkResult, Store } from '../store/store.js'
import { tokenMatches } from '../rooms/creator-token.js'

/** An upload, once its token was shown. */
export type Upload = BlobRecord & { missing: number[] }

export type Authorised = { upload: Upload } | { refused: 'no_token' | 'gone' | 'wrong_token' }

export type ChunkResult = PutChunkResult | 'bad_index' | 'bad_length'

/** A finished file to send: its size and its bytes, chunk after chunk. */
export interface Download {
  size: number
  bytes: AsyncIterable<Buffer>
}

export class FileService {
  constructor(private readonly store: Store) {}

  /** The upload `blobId` of the room, when `token` is its upload token. */
  async authorise(roomId: string, blobId: string, token: string | undefined): Promise<Authorised> {
    if (!token) return { refused: 'no_token' }
    const upload = await this.store.blob(roomId, blobId)
    if (!upload) return { refused: 'gone' }
    if (!tokenMatches(roomId, token, upload.tokenHash)) return { refused: 'wrong_token' }
    return { upload }
  }

  /** Stores chunk `index` after checking it is one of the upload's, and exactly as long. */
  async putChunk(
    roomId: string,
    upload: Upload,
    index: number,
    bytes: Buffer,
  ): Promise<ChunkResult> {
    if (index >= upload.chunks) return 'bad_index'
    if (bytes.length !== chunkLength(upload, index)) return 'bad_length'
    return this.store.putChunk(roomId, upload.id, index, bytes)
  }

  /** Cancels an upload not yet sent; false when it was sent already. */
  async cancel(roomId: string, upload: Upload): Promise<boolean> {
    if (upload.attached !== undefined) return false
    await this.store.deleteBlob(roomId, upload.id)
    return true
  }

  /** A finished file, or null when it is not (or its room ended). */
  async download(roomId: string, blobId: string): Promise<Download | null> {
    const blob = await this.store.blob(roomId, blobId)
    if (!blob || blob.received !== blob.chunks) return null
    return { size: blob.size, bytes: this.chunksOf(roomId, blob) }
  }

  /** A blob's chunks, read one at a time; ends in an error (the response is cut) if the room ends. */
  private async *chunksOf(roomId: string, blob: BlobRecord): AsyncGenerator<Buffer> {
    for (let i = 0; i < blob.chunks; i++) {
      const chunk = await this.store.readChunk(roomId, blob.id, i)
      if (!chunk) throw new Error('the file went with its room')
      yield chunk
    }
  }
}

/** The stored length of chunk `index`: `chunkBytes`, or what is left for the last one. */
export function chunkLength(blob: Pick<BlobRecord, 'chunkBytes' | 'size'>, index: number): number {
  return Math.min(blob.chunkBytes, blob.size - index * blob.chunkBytes)
}
