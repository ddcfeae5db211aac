import { getCurrentScope, onScopeDispose, ref } from 'vue'
import type { ClientFrame, ServerFrame } from '../../../protocol/frames'
import { plainFileMessage, sealedFileMessage } from '../lib/files/file-message'
import { waitForNetwork } from '../lib/files/network-wait'
import type { ChosenFile } from '../lib/files/prepare-file'
import { createUploadAsks } from '../lib/files/upload-asks'
import { uploadFile, type FileUpload, type UploadStage } from '../lib/files/upload-file'
import { deleteUpload, type Fetch } from '../lib/files/upload-http'
import { newClientId } from '../lib/messages'

export type { ChosenFile }
/** `queued`: waiting for the files before it to be uploaded. */
export type FileStage = 'queued' | UploadStage | 'sending' | 'failed'

/** A file message on its way, as the conversation shows it until the server's echo. */
export interface PendingFile {
  client_id: string
  name: string
  size: number
  type: string
  thumbnail?: string
  caption: string
  reply_to?: number
  timestamp: string
  stage: FileStage
  /** Share of the file the server has, 0–1. */
  progress: number
  /** Why it was not sent (stage `failed`). */
  error?: string
}

export interface FileOutboxOptions {
  roomId: string
  send: (frame: ClientFrame) => boolean
  /** Frames may go out now: joined, history in, no rename under way. */
  ready: () => boolean
  /** The current connection's number: what was asked or sent on another goes again. */
  connection: () => number
  /** Set in an encrypted room: files are sealed, and their messages too. */
  roomKey: () => CryptoKey | null
  sender: () => string
  maxFileBytes: () => number | undefined
  /** A refusal, in the server's words or ours, for the place under the input. */
  onError: (message: string) => void
  fetch?: Fetch
}

interface Job extends FileUpload {
  view: PendingFile
  mentions?: string[]
  /** The message timer chosen in the composer (`vanish_seconds`). */
  vanish?: number
  /** The connection the message went out on (0: not yet); `everSent`: it went out once. */
  sentOn: number
  everSent: boolean
  controller: AbortController
  wake?: () => void
}

/**
 * File messages on their way, one file after the other (`lib/files/upload-file.ts`), each
 * message sent once its file is in, in the order they were chosen. Each waits for its echo
 * like a text message; one that fails stays, with its reason, for Retry or Discard.
 */
export function useFileOutbox(o: FileOutboxOptions) {
  const pending = ref<PendingFile[]>([])
  const jobs = new Map<string, Job>()
  const fetchImpl: Fetch = o.fetch ?? ((...args) => fetch(...args))
  const asks = createUploadAsks(o)
  let lane = Promise.resolve()
  let sealing = Promise.resolve()

  /** One message per file; the caption, reply and mentions go with the first, the timer with all. */
  function queue(
    files: ChosenFile[],
    caption: string,
    replyTo?: number,
    mentions?: string[],
    vanish?: number,
  ) {
    files.forEach((choice, i) => {
      const first = i === 0
      pending.value.push({
        client_id: newClientId(),
        name: choice.file.name,
        size: choice.file.size,
        type: choice.probed.type,
        ...(choice.probed.thumbnail && { thumbnail: choice.probed.thumbnail }),
        caption: first ? caption : '',
        ...(first && replyTo ? { reply_to: replyTo } : {}),
        timestamp: new Date().toISOString(),
        stage: 'queued',
        progress: 0,
      })
      const view = pending.value.at(-1)!
      const job: Job = {
        view,
        choice,
        ...(first && mentions?.length ? { mentions } : {}),
        ...(vanish !== undefined && { vanish }),
        resume: false,
        uploaded: false,
        sentOn: 0,
        everSent: false,
        controller: new AbortController(),
      }
      jobs.set(view.client_id, job)
      start(job)
    })
  }

  function start(job: Job) {
    job.controller = new AbortController()
    lane = lane.then(() => run(job))
  }

  async function run(job: Job) {
    const { signal } = job.controller
    if (signal.aborted) return
    try {
      await uploadFile(
        job,
        {
          roomId: o.roomId,
          encrypted: o.roomKey() !== null,
          maxFileBytes: o.maxFileBytes(),
          fetch: fetchImpl,
          ask: asks.ask,
          waitForNetwork: (attempt, s) => {
            const wait = waitForNetwork(attempt, s)
            job.wake = wait.wake
            return wait.promise
          },
          onStage: (stage) => (job.view.stage = stage),
          onProgress: (share) => (job.view.progress = share),
          onPrepared: ({ description: { name, size, type } }) =>
            Object.assign(job.view, { name, size, type }),
        },
        signal,
      )
      if (signal.aborted) return
      Object.assign(job.view, { stage: 'sending', progress: 1 })
      sendReady()
    } catch (err) {
      if (!signal.aborted) fail(job, err instanceof Error ? err.message : String(err))
    }
  }

  function sendReady() {
    if (!o.ready()) return
    const on = o.connection()
    for (const view of pending.value) {
      const job = jobs.get(view.client_id)
      if (!job || view.stage === 'failed') continue
      // An earlier file is still on its way: the messages keep their order.
      if (view.stage !== 'sending') return
      if (job.sentOn === on) continue
      job.sentOn = on
      sealing = sealing.then(() => sendMessage(job, on))
    }
  }

  async function sendMessage(job: Job, on: number) {
    const message = {
      clientId: job.view.client_id,
      caption: job.view.caption,
      blob: job.ready!.blob,
      description: job.prepared!.description,
      replyTo: job.view.reply_to,
      mentions: job.mentions,
      vanishSeconds: job.vanish,
    }
    const key = o.roomKey()
    try {
      const frame =
        key && job.fileKey
          ? await sealedFileMessage(message, job.fileKey.text, key, {
              room: o.roomId,
              sender: o.sender(),
            })
          : plainFileMessage(message)
      // Sealed for a connection that is gone: the next one seals it again.
      const current = on === o.connection() && jobs.get(message.clientId) === job
      if (!current || job.view.stage !== 'sending') return
      if (o.send(frame)) job.everSent = true
      else job.sentOn = 0
    } catch (err) {
      job.sentOn = 0
      console.error('chatty: could not encrypt a file message', err)
    }
  }

  function fail(job: Job, message: string, quiet = false) {
    job.wake = undefined
    Object.assign(job.view, { stage: 'failed', error: message })
    if (!quiet) o.onError(message)
  }

  /** Takes the frames about this outbox's files; true when `frame` was one of them. */
  function handle(frame: ServerFrame): boolean {
    if (asks.handle(frame)) return true
    if (frame.type !== 'error' || !frame.client_id) return false
    const job = jobs.get(frame.client_id)
    if (!job) return false
    if (job.view.stage !== 'sending') return true
    job.sentOn = 0
    // The blob is not (or no longer) ready to be sent: a retry uploads it again.
    if (frame.code === 'file_not_ready') {
      Object.assign(job, { ready: undefined, uploaded: false, resume: false, everSent: false })
    }
    fail(job, frame.message)
    return true
  }

  /** The connection is ready (joined, history in): what waited goes out. */
  function flush() {
    asks.resend()
    sendReady()
    for (const job of jobs.values()) job.wake?.()
  }

  /** The server echoed the message (or a rejoin's history holds it): it is sent. */
  function confirm(clientId: string) {
    if (!jobs.delete(clientId)) return
    pending.value = pending.value.filter((p) => p.client_id !== clientId)
  }

  /** The connection was lost for good: everything on its way is "not sent", for Retry. */
  function markUnsent() {
    for (const job of jobs.values()) {
      if (job.view.stage === 'failed') continue
      job.controller.abort()
      job.sentOn = 0
      fail(job, 'The connection was lost.', true)
    }
  }

  function retry(clientId: string) {
    const job = jobs.get(clientId)
    if (!job || job.view.stage !== 'failed') return
    job.view.error = undefined
    if (job.uploaded) {
      job.view.stage = 'sending'
      sendReady()
    } else {
      job.view.stage = 'queued'
      start(job)
    }
  }

  /** Cancel (on its way) or Discard (not sent): gone here, and its upload on the server. */
  function discard(clientId: string) {
    const job = jobs.get(clientId)
    if (!job) return
    job.controller.abort()
    if (job.ready && !job.everSent) {
      const { blob, token } = job.ready
      void deleteUpload(fetchImpl, { roomId: o.roomId, blob, token })
    }
    jobs.delete(clientId)
    pending.value = pending.value.filter((p) => p.client_id !== clientId)
  }

  if (getCurrentScope()) onScopeDispose(() => jobs.forEach((j) => j.controller.abort()))

  return { pending, queue, handle, flush, confirm, markUnsent, retry, discard }
}

export type FileOutbox = ReturnType<typeof useFileOutbox>
