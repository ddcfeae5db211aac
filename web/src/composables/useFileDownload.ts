import { computed, getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue'
import type { Attachment } from '../lib/files/attachment'
import {
  DOWNLOAD_FAILURES,
  DownloadError,
  downloadFile,
  type DownloadFailure,
} from '../lib/files/download'

export type DownloadStatus = 'idle' | 'loading' | 'done' | 'error'

/**
 * One file's download, for a card or a picture: its status, progress (0 to 1), why it failed
 * (and that in words), and the content once in. Stopped when the component that started it goes away.
 */
export function useFileDownload(
  roomId: () => string,
  file: () => Attachment,
  options: { type?: () => string } = {},
) {
  const status = ref<DownloadStatus>('idle')
  const progress = ref(0)
  const failure = ref<DownloadFailure | null>(null)
  const error = computed(() => failure.value && DOWNLOAD_FAILURES[failure.value])
  const blob = shallowRef<Blob | null>(null)
  let controller: AbortController | null = null

  /** Downloads the file (or gives what is already in); null when it failed or was stopped. */
  async function load(): Promise<Blob | null> {
    if (blob.value) return blob.value
    cancel()
    const mine = new AbortController()
    controller = mine
    status.value = 'loading'
    progress.value = 0
    failure.value = null
    try {
      const content = await downloadFile(roomId(), file(), {
        signal: mine.signal,
        type: options.type?.(),
        onProgress: (received, total) => {
          if (controller === mine) progress.value = total > 0 ? received / total : 1
        },
      })
      if (controller !== mine) return null
      blob.value = content
      status.value = 'done'
      return content
    } catch (err) {
      if (controller !== mine) return null
      failure.value = err instanceof DownloadError ? err.reason : 'failed'
      status.value = 'error'
      return null
    } finally {
      if (controller === mine) controller = null
    }
  }

  /** Stops a download on its way; what was received is dropped. */
  function cancel() {
    if (!controller) return
    controller.abort()
    controller = null
    status.value = 'idle'
    progress.value = 0
  }

  /** Lets the content go (a saved file need not stay in memory). */
  function release() {
    blob.value = null
    if (status.value === 'done') status.value = 'idle'
  }

  if (getCurrentScope()) onScopeDispose(cancel)

  return { status, progress, failure, error, blob, load, cancel, release }
}
