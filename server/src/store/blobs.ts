/**
 * The store's fourth kind of room data: files (`protocol/files.ts`). A blob is an upload's
 * bytes in chunks, opaque to the store (ciphertext in an encrypted room). It belongs to one
 * room, counts against the room's file bytes from the moment it is asked for, and goes with
 * the room: at expiry and when its host ends it, every blob of it is deleted at once.
 */

/** What a new upload is. */
export interface NewBlob {
  /** 128 random bits, base64url. */
  id: string
  /** Bytes it will store, in `chunks` chunks of `chunkBytes` (the last may be shorter). */
  size: number
  chunks: number
  chunkBytes: number
  /** SHA-256 (hex) of the blob's upload token: who presents the token may send its chunks. */
  tokenHash: string
  /** The uploading member's key: when the host removes that member, the upload stops. */
  owner: string
}

/** A blob as stored. */
export interface BlobRecord extends NewBlob {
  /** Chunks received so far; the blob is complete when this is `chunks`. */
  received: number
  /** The claim of the message it was sent in (a blob is sent once; see `attachBlob`). */
  attached?: string
}

export type CreateBlobResult = 'ok' | 'room_not_found' | 'files_full'

/**
 * `removed`: the host removed the uploader. `complete`: every chunk is in already (nothing
 * changes). `not_found`: the room or the blob is gone.
 */
export type PutChunkResult = 'ok' | 'not_found' | 'complete' | 'removed'

export interface Blobs {
  /**
   * Starts an upload unless the room's files (uploads under way included) would pass
   * `roomMaxBytes`. The blob lives as long as its room.
   */
  createBlob(roomId: string, blob: NewBlob, roomMaxBytes: number): Promise<CreateBlobResult>

  /** The blob and the indexes of the chunks it still lacks; null when it or its room is gone. */
  blob(roomId: string, blobId: string): Promise<(BlobRecord & { missing: number[] }) | null>

  /**
   * Stores chunk `index` (the caller checked its index and length). Sending a chunk twice
   * keeps the later bytes and counts once.
   */
  putChunk(roomId: string, blobId: string, index: number, bytes: Buffer): Promise<PutChunkResult>

  /**
   * Marks a complete blob as sent in the message `claim` names (its client id): true when it
   * was not sent yet, or was claimed by that same message before (a message sent again after
   * a failed append); false for anything else.
   */
  attachBlob(roomId: string, blobId: string, claim: string): Promise<boolean>

  /** Chunk `index` of a complete blob, or null (gone, or not complete). */
  readChunk(roomId: string, blobId: string, index: number): Promise<Buffer | null>

  /** Deletes a blob and gives its bytes back to the room (a cancelled upload). */
  deleteBlob(roomId: string, blobId: string): Promise<void>
}
