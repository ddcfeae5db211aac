/**
 * Paces joins: at most `concurrency` run at once, the rest wait in arrival order. After a
 * restart every member of the process comes back within seconds (the web app spreads its
 * retries, but thousands still arrive together); each join reads history and writes to the
 * store, and run all at once they would starve the members already chatting. Paced, a join
 * waits its turn (its connection is already counted and bounded), and chat goes on between.
 */
export class JoinPacer {
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(readonly concurrency: number) {}

  /** Joins waiting for their turn (for metrics and tests). */
  get queued(): number {
    return this.waiting.length
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running++
    // The slot is handed over by the join that frees it, so `running` stays counted.
    else await new Promise<void>((resolve) => this.waiting.push(resolve))
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.running--
    }
  }
}
