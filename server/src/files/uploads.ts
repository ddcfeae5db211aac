/**
 * A member asks to upload a file (`upload` frame): the size is checked against the server's
 * largest file and, in an encrypted room, against the padding buckets (so an upload's size
 * tells the server a size class only); the member's upload rate is checked; the store reserves
 * the bytes in the room. The answer names the new blob and gives its upload token, which the
 * HTTP chunk routes (`http/files.ts`) ask for.
 */
import { randomBytes } from 'node:crypto'
import {
  isPaddedChunkCount,
  maxFileChunks,
  storedChunkBytes,
  type ClientUpload,
  type UploadReadyFrame,
} from '../../../protocol/index.js'
import type { Store } from '../store/store.js'
import { tokenHash } from '../rooms/creator-token.js'
import { FilesFull, FileTooLarge, RoomExpired, UploadsTooFast } from '../rooms/errors.js'
import type { RoomLimits } from '../rooms/limits.js'
import type { Member } from '../rooms/member.js'

export async function requestUpload(
  member: Member,
  input: ClientUpload,
  store: Pick<Store, 'createBlob'>,
  limits: Pick<RoomLimits, 'maxFileBytes' | 'roomFileBytes'>,
): Promise<UploadReadyFrame> {
  const { encrypted } = member
  const chunkBytes = storedChunkBytes(encrypted)
  const chunks = Math.ceil(input.size / chunkBytes)
  const tooBig = encrypted
    ? chunks > maxFileChunks(limits.maxFileBytes, true)
    : input.size > limits.maxFileBytes
  if (limits.maxFileBytes === 0 || tooBig) throw new FileTooLarge(limits.maxFileBytes)
  // Padded to whole chunks and a bucket of them: anything else would tell the exact size.
  if (encrypted && (input.size !== chunks * chunkBytes || !isPaddedChunkCount(chunks))) {
    throw new FileTooLarge(limits.maxFileBytes)
  }
  if (!member.uploads.take()) throw new UploadsTooFast()

  const blob = randomBytes(16).toString('base64url')
  const token = randomBytes(24).toString('base64url')
  const result = await store.createBlob(
    member.roomId,
    {
      id: blob,
      size: input.size,
      chunks,
      chunkBytes,
      tokenHash: tokenHash(member.roomId, token),
      owner: member.key,
    },
    limits.roomFileBytes,
  )
  if (result === 'room_not_found') throw new RoomExpired()
  if (result === 'files_full') throw new FilesFull()
  return {
    type: 'upload_ready',
    blob,
    token,
    chunk_bytes: chunkBytes,
    chunks,
    ...(input.client_id !== undefined && { client_id: input.client_id }),
  }
}
