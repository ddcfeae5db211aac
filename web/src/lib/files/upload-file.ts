/**
 * One file's way to the server, taken up again where it stopped after a failure: made ready
 * (`prepare-file.ts`), given a key in an encrypted room, an upload asked for, and its chunks
 * sent (`chunk-transfer.ts`). A blob whose token the server no longer knows (a restart, a
 * rejoin) is replaced by a new one, once.
 */
import type { UploadReadyFrame } from '../../../../protocol/frames'
import { newFileKey, type FileKey } from './chunk-crypto'
import { transferChunks } from './chunk-transfer'
import { tooLargeText } from './file-limits'
import { PrepareError, prepareFile, type ChosenFile, type PreparedFile } from './prepare-file'
import { UploadHttpError, type Fetch } from './upload-http'
import { chunkReader, uploadSize } from './upload-plan'

/** What is known of one file's upload; kept across a retry. */
export interface FileUpload {
  choice: ChosenFile
  prepared?: PreparedFile
  fileKey?: FileKey
  ready?: UploadReadyFrame
  /** Chunks went out before: the server is asked which are missing. */
  resume: boolean
  uploaded: boolean
}

export type UploadStage = 'preparing' | 'asking' | 'uploading' | 'waiting'

export interface UploadSteps {
  roomId: string
  encrypted: boolean
  maxFileBytes?: number
  fetch: Fetch
  ask: (size: number, signal: AbortSignal) => Promise<UploadReadyFrame>
  waitForNetwork: (attempt: number, signal: AbortSignal) => Promise<void>
  onStage: (stage: UploadStage) => void
  /** Share of the file the server has, 0–1. */
  onProgress: (share: number) => void
  /** The file is prepared: its name, size and type as they are sent. */
  onPrepared: (prepared: PreparedFile) => void
}

/** Refusals that a new blob fixes: its token or the blob itself is gone. */
const STALE_UPLOAD = [401, 403, 404]

export async function uploadFile(u: FileUpload, s: UploadSteps, signal: AbortSignal) {
  if (!u.prepared) {
    s.onStage('preparing')
    const prepared = await prepareFile(u.choice)
    const { name, size } = prepared.description
    if (s.maxFileBytes !== undefined && size > s.maxFileBytes) {
      throw new PrepareError(tooLargeText(name, size, s.maxFileBytes))
    }
    if (s.encrypted) u.fileKey = await newFileKey()
    u.prepared = prepared
    s.onPrepared(prepared)
  }
  const bytes = u.prepared.bytes
  for (let fresh = 0; !u.uploaded; fresh++) {
    if (!u.ready) {
      s.onStage('asking')
      u.ready = await s.ask(uploadSize(bytes.length, !!u.fileKey), signal)
      u.resume = false
    }
    s.onStage('uploading')
    const read = chunkReader(bytes, u.fileKey?.key ?? null, u.ready)
    if (!read) throw new Error('The server offered an upload that does not fit this file.')
    const resume = u.resume
    u.resume = true
    try {
      await transferChunks({
        target: { roomId: s.roomId, blob: u.ready.blob, token: u.ready.token },
        chunks: u.ready.chunks,
        chunk: read,
        fetch: s.fetch,
        signal,
        resume,
        onProgress: (done, total) => s.onProgress(done / total),
        waitForNetwork: async (attempt) => {
          s.onStage('waiting')
          await s.waitForNetwork(attempt, signal)
          s.onStage('uploading')
        },
      })
      u.uploaded = true
    } catch (err) {
      const stale = err instanceof UploadHttpError && STALE_UPLOAD.includes(err.status)
      if (!stale || fresh > 0) throw err
      u.ready = undefined
    }
  }
}
