/**
 * The pause of an upload whose connection dropped: it goes on when the browser says it is
 * online again, when the chat socket is back (`wake`), or after a backoff in case neither
 * is ever said; it gives up after {@link MAX_NETWORK_WAITS} tries in a row.
 */
import { UploadNetworkError } from './upload-http'

export const MAX_NETWORK_WAITS = 8
const FIRST_WAIT_MS = 2000
const LONGEST_WAIT_MS = 15_000

export interface NetworkWait {
  promise: Promise<void>
  /** Go on now (the socket is back). */
  wake: () => void
}

/** The `attempt`th wait (from 1); rejects when `signal` aborts or the tries ran out. */
export function waitForNetwork(attempt: number, signal?: AbortSignal): NetworkWait {
  let wake = () => {}
  const promise = new Promise<void>((resolve, reject) => {
    if (attempt > MAX_NETWORK_WAITS) {
      reject(new UploadNetworkError('The upload could not get through. Check the connection.'))
      return
    }
    const done = () => {
      clearTimeout(timer)
      window.removeEventListener('online', done)
      signal?.removeEventListener('abort', aborted)
      resolve()
    }
    const aborted = () => {
      clearTimeout(timer)
      window.removeEventListener('online', done)
      reject(signal!.reason as Error)
    }
    const timer = setTimeout(done, Math.min(FIRST_WAIT_MS * 2 ** (attempt - 1), LONGEST_WAIT_MS))
    window.addEventListener('online', done)
    signal?.addEventListener('abort', aborted, { once: true })
    if (signal?.aborted) aborted()
    wake = done
  })
  return { promise, wake: () => wake() }
}
