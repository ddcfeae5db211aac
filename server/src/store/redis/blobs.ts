/** The Redis store's files: one hash per room, expiring with it (`scripts-blobs.ts`). */
import type { BlobRecord, Blobs, CreateBlobResult, NewBlob, PutChunkResult } from '../blobs.js'
import type { RedisContext } from './context.js'
import {
  attachBlobScript,
  blobStatusScript,
  createBlobScript,
  deleteBlobScript,
  putChunkScript,
} from './scripts-blobs.js'

/** A blob's record as the scripts keep it (JSON). */
interface StoredRecord {
  size: number
  chunks: number
  chunkBytes: number
  token: string
  owner: string
  received: number
  attached?: string
}

export class RedisBlobs implements Blobs {
  constructor(private readonly ctx: RedisContext) {}

  async createBlob(roomId: string, blob: NewBlob, roomMaxBytes: number): Promise<CreateBlobResult> {
    const record: StoredRecord = {
      size: blob.size,
      chunks: blob.chunks,
      chunkBytes: blob.chunkBytes,
      token: blob.tokenHash,
      owner: blob.owner,
      received: 0,
    }
    const result = await this.run(createBlobScript, roomId, [
      blob.id,
      JSON.stringify(record),
      blob.size,
      roomMaxBytes,
    ])
    return result as CreateBlobResult
  }

  async blob(roomId: string, blobId: string): Promise<(BlobRecord & { missing: number[] }) | null> {
    const [raw, ...missing] = (await this.run(blobStatusScript, roomId, [blobId])) as [
      string?,
      ...number[],
    ]
    if (raw === undefined) return null
    const r = JSON.parse(raw) as StoredRecord
    return {
      id: blobId,
      size: r.size,
      chunks: r.chunks,
      chunkBytes: r.chunkBytes,
      tokenHash: r.token,
      owner: r.owner,
      received: r.received,
      ...(r.attached !== undefined && { attached: r.attached }),
      missing: missing.map(Number),
    }
  }

  async putChunk(
    roomId: string,
    blobId: string,
    index: number,
    bytes: Buffer,
  ): Promise<PutChunkResult> {
    const { keys } = this.ctx
    const result = await this.ctx.health.run(() =>
      putChunkScript.run(
        this.ctx.redis,
        [keys.room(roomId), keys.files(roomId), keys.bans(roomId)],
        [blobId, index, bytes],
      ),
    )
    return result as PutChunkResult
  }

  async attachBlob(roomId: string, blobId: string, claim: string): Promise<boolean> {
    return (await this.run(attachBlobScript, roomId, [blobId, claim])) === 1
  }

  async readChunk(roomId: string, blobId: string, index: number): Promise<Buffer | null> {
    const key = this.ctx.keys.files(roomId)
    const results = await this.ctx.health.run(() =>
      this.ctx.redis
        .multi()
        .hget(key, `m:${blobId}`)
        .hgetBuffer(key, `c:${blobId}:${index}`)
        .exec(),
    )
    const [[, raw], [, bytes]] = (results ?? []) as [
      [unknown, string | null],
      [unknown, Buffer | null],
    ]
    if (!raw || !bytes) return null
    const record = JSON.parse(raw) as StoredRecord
    return record.received === record.chunks ? bytes : null
  }

  async deleteBlob(roomId: string, blobId: string): Promise<void> {
    await this.run(deleteBlobScript, roomId, [blobId])
  }

  private run(
    script: { run: typeof createBlobScript.run },
    roomId: string,
    args: (string | number)[],
  ): Promise<unknown> {
    const { keys } = this.ctx
    return this.ctx.health.run(() =>
      script.run(this.ctx.redis, [keys.room(roomId), keys.files(roomId)], args),
    )
  }
}
