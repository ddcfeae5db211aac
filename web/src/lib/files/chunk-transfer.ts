/**
 * One blob's chunks sent, a few at a time, and after a dropped connection only the ones the
 * server is still missing: the upload waits for the network, asks the server's list, and
 * goes on from there.
 */
import {
  UploadNetworkError,
  missingChunks,
  putChunk,
  type Fetch,
  type UploadTarget,
} from './upload-http'

/** Chunks in flight at once: enough to fill a connection, few enough to share it. */
export const PARALLEL_CHUNKS = 3

export interface ChunkTransfer {
  target: UploadTarget
  /** How many chunks the blob has. */
  chunks: number
  /** Chunk `index` as it is stored (sealed, in an encrypted room). */
  chunk: (index: number) => Promise<Uint8Array>
  fetch: Fetch
  signal?: AbortSignal
  /** Chunks the server has, of `total`. */
  onProgress?: (done: number, total: number) => void
  /**
   * After a lost connection (the `attempt`th in a row): resolves when it is worth trying
   * again, rejects to give up.
   */
  waitForNetwork: (attempt: number) => Promise<void>
  /** Ask the server which chunks it is missing first (an upload taken up again). */
  resume?: boolean
  parallel?: number
}

export async function transferChunks(t: ChunkTransfer): Promise<void> {
  let resume = t.resume ?? false
  let attempt = 0
  for (;;) {
    try {
      const todo = resume ? await stillMissing(t) : [...Array(t.chunks).keys()]
      await putAll(t, todo)
      return
    } catch (err) {
      if (!(err instanceof UploadNetworkError) || t.signal?.aborted) throw err
      attempt += 1
      await t.waitForNetwork(attempt)
      resume = true
    }
  }
}

async function stillMissing(t: ChunkTransfer): Promise<number[]> {
  const missing = await missingChunks(t.fetch, t.target, t.signal)
  return [...new Set(missing)].filter((i) => i >= 0 && i < t.chunks).sort((a, b) => a - b)
}

async function putAll(t: ChunkTransfer, todo: number[]): Promise<void> {
  let done = t.chunks - todo.length
  t.onProgress?.(done, t.chunks)
  let next = 0
  let failed = false
  async function worker() {
    while (!failed && next < todo.length) {
      const index = todo[next++]!
      try {
        await putChunk(t.fetch, t.target, index, await t.chunk(index), t.signal)
      } catch (err) {
        failed = true
        throw err
      }
      done += 1
      t.onProgress?.(done, t.chunks)
    }
  }
  const workers = Math.min(t.parallel ?? PARALLEL_CHUNKS, todo.length)
  await Promise.all(Array.from({ length: workers }, worker))
}
