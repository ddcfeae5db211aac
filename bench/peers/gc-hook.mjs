// Preloaded into every server under test (`node --expose-gc --import …/gc-hook.mjs`): on SIGUSR2
// it forces a full GC and writes memory figures to BENCH_GC_REPORT, so the connections scenario
// can read heap and RSS per connection without any endpoint in the server itself.
import { writeFileSync } from 'node:fs'

const target = process.env.BENCH_GC_REPORT
if (target && typeof globalThis.gc === 'function') {
  process.on('SIGUSR2', () => {
    globalThis.gc()
    globalThis.gc()
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage()
    writeFileSync(
      target,
      JSON.stringify({ at: Date.now(), rss, heapUsed, heapTotal, external, arrayBuffers }),
    )
  })
}
