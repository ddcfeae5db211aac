/**
 * Waiting with a deadline, for the kit's own start-ups and for the bench (which does not
 * run under Vitest). Tests wait with `vi.waitFor` / `expect.poll` instead.
 */

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms))

export interface WaitOptions {
  timeoutMs?: number
  intervalMs?: number
  /** Checked before each attempt: a message here stops the wait at once (e.g. "process exited"). */
  abortIf?: () => string | undefined
}

/**
 * Calls `attempt` until it returns something other than `undefined`, and returns that.
 * Throws `<what> within N ms` (or the `abortIf` message) when it gives up.
 */
export async function waitUntil<T>(
  what: string,
  attempt: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 10_000, intervalMs = 100, abortIf }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const aborted = abortIf?.()
    if (aborted) throw new Error(aborted)
    const value = await attempt()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await sleep(intervalMs)
  }
}

/** Resolves once `url` answers with `status` (any HTTP answer when `status` is omitted). */
export async function waitForHttp(
  url: string,
  options: WaitOptions & { status?: number } = {},
): Promise<void> {
  const { status, ...wait } = options
  await waitUntil(
    `${url} answering ${status ?? 'HTTP'}`,
    async () => {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(1000) })
        await res.body?.cancel()
        return status === undefined || res.status === status ? true : undefined
      } catch {
        return undefined // not listening yet
      }
    },
    wait,
  )
}
