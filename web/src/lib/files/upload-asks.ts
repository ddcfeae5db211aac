/**
 * The `upload` requests on the chat socket and their answers (`upload_ready`, or an error
 * with the same `client_id`). A request sent on a connection that dropped before its answer
 * is asked again on the next one, under a new id, so a late answer is never mistaken.
 */
import type { ClientFrame, ServerFrame, UploadReadyFrame } from '../../../../protocol/frames'
import type { ErrorCode } from '../../../../protocol/frames'
import { newClientId } from '../messages'

/** The server said no to an upload (`file_too_large`, `files_full`, `rate_limited`…). */
export class UploadRefused extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
  ) {
    super(message)
  }
}

export interface UploadAskOptions {
  send: (frame: ClientFrame) => boolean
  /** Frames may go out now (joined, history in). */
  ready: () => boolean
  connection: () => number
}

interface Ask {
  id: string
  /** The connection it was sent on; 0 while not sent. */
  on: number
  size: number
  resolve: (frame: UploadReadyFrame) => void
  reject: (err: Error) => void
}

export function createUploadAsks(o: UploadAskOptions) {
  const asks = new Set<Ask>()

  function sendOne(ask: Ask) {
    const on = o.connection()
    if (!o.ready() || ask.on === on) return
    ask.id = newClientId()
    if (o.send({ type: 'upload', size: ask.size, client_id: ask.id })) ask.on = on
  }

  /** An upload of `size` stored bytes: resolves with the server's `upload_ready`. */
  function ask(size: number, signal?: AbortSignal): Promise<UploadReadyFrame> {
    return new Promise((resolve, reject) => {
      const entry: Ask = { id: '', on: 0, size, resolve, reject }
      asks.add(entry)
      signal?.addEventListener(
        'abort',
        () => {
          asks.delete(entry)
          reject(signal.reason as Error)
        },
        { once: true },
      )
      sendOne(entry)
    })
  }

  /** A connection is ready: what was not asked on it is asked now. */
  function resend() {
    for (const entry of asks) sendOne(entry)
  }

  /** Takes an answer to one of these requests; true when `frame` was one. */
  function handle(frame: ServerFrame): boolean {
    const id = frame.type === 'upload_ready' || frame.type === 'error' ? frame.client_id : null
    const entry = id ? [...asks].find((a) => a.id === id) : undefined
    if (!entry) {
      // An answer to a request that was given up is nobody's: its blob goes with the room.
      return frame.type === 'upload_ready'
    }
    asks.delete(entry)
    if (frame.type === 'upload_ready') entry.resolve(frame)
    else if (frame.type === 'error') entry.reject(new UploadRefused(frame.message, frame.code))
    return true
  }

  return { ask, resend, handle }
}

export type UploadAsks = ReturnType<typeof createUploadAsks>
