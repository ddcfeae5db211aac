/**
 * The memory store's files: each room's blobs in a Map, their bytes charged to the store's
 * memory budget from the moment an upload is asked for (so uploads under way count too).
 * The memory store owns one of these and calls `forgetRoom` when a room ends.
 */
import type { BlobRecord, Blobs, CreateBlobResult, NewBlob, PutChunkResult } from './blobs.js'
import type { BudgetedHistory, MemoryBudget } from './memory-budget.js'
import { StoreFull } from './store.js'

interface StoredBlob {
  record: BlobRecord
  chunks: (Buffer | undefined)[]
}

interface RoomFiles {
  blobs: Map<string, StoredBlob>
  /** Bytes the room's blobs reserve (their full `size`, from the start). */
  bytes: number
}

/** What a room must tell the blobs: whether it is live and whether a member key was banned. */
export interface BlobRoomView {
  live(roomId: string): boolean
  banned(roomId: string, key: string): boolean
  /** The histories the budget may trim to make room. */
  histories(): Iterable<BudgetedHistory>
}

export class MemoryBlobs implements Blobs {
  private readonly rooms = new Map<string, RoomFiles>()

  constructor(
    private readonly budget: MemoryBudget,
    private readonly view: BlobRoomView,
  ) {}

  async createBlob(roomId: string, blob: NewBlob, roomMaxBytes: number): Promise<CreateBlobResult> {
    if (!this.view.live(roomId)) return 'room_not_found'
    const files = this.rooms.get(roomId) ?? { blobs: new Map(), bytes: 0 }
    if (files.bytes + blob.size > roomMaxBytes) return 'files_full'
    if (!this.budget.makeRoom(blob.size, this.view.histories())) throw new StoreFull()
    this.budget.charge(blob.size)
    files.bytes += blob.size
    files.blobs.set(blob.id, {
      record: { ...blob, received: 0 },
      chunks: new Array<Buffer | undefined>(blob.chunks),
    })
    this.rooms.set(roomId, files)
    return 'ok'
  }

  async blob(roomId: string, blobId: string): Promise<(BlobRecord & { missing: number[] }) | null> {
    const stored = this.find(roomId, blobId)
    if (!stored) return null
    const missing: number[] = []
    for (let i = 0; i < stored.chunks.length; i++) if (!stored.chunks[i]) missing.push(i)
    return { ...stored.record, missing }
  }

  async putChunk(
    roomId: string,
    blobId: string,
    index: number,
    bytes: Buffer,
  ): Promise<PutChunkResult> {
    const stored = this.find(roomId, blobId)
    if (!stored) return 'not_found'
    const { record } = stored
    if (this.view.banned(roomId, record.owner)) return 'removed'
    if (record.received === record.chunks) return 'complete'
    if (!stored.chunks[index]) record.received++
    // A copy: the request's buffer may be a slice of a larger one that must not be kept.
    stored.chunks[index] = Buffer.from(bytes)
    return 'ok'
  }

  async attachBlob(roomId: string, blobId: string, claim: string): Promise<boolean> {
    const record = this.find(roomId, blobId)?.record
    if (!record || record.received !== record.chunks) return false
    if (record.attached !== undefined && record.attached !== claim) return false
    record.attached = claim
    return true
  }

  async readChunk(roomId: string, blobId: string, index: number): Promise<Buffer | null> {
    const stored = this.find(roomId, blobId)
    if (!stored || stored.record.received !== stored.record.chunks) return null
    return stored.chunks[index] ?? null
  }

  async deleteBlob(roomId: string, blobId: string): Promise<void> {
    const files = this.rooms.get(roomId)
    const stored = files?.blobs.get(blobId)
    if (!files || !stored) return
    files.blobs.delete(blobId)
    files.bytes -= stored.record.size
    this.budget.release(stored.record.size)
  }

  /** Drops every blob of a room that ended, at once. */
  forgetRoom(roomId: string): void {
    const files = this.rooms.get(roomId)
    if (!files) return
    this.rooms.delete(roomId)
    this.budget.release(files.bytes)
  }

  clear(): void {
    this.rooms.clear()
  }

  private find(roomId: string, blobId: string): StoredBlob | undefined {
    if (!this.view.live(roomId)) return undefined
    return this.rooms.get(roomId)?.blobs.get(blobId)
  }
}
