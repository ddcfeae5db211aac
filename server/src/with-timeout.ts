/**
 * `promise`, or a rejection with `message` once `ms` have passed (the timer is cleared
 * either way). The work itself goes on: this only stops waiting for it. Used by the
 * readiness probe (a store that does not answer is down) and by the Redis store's
 * shutdown (a process whose Redis is gone must still exit).
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
