// Preloaded into every server under test (`node --expose-gc --import …/gc-hook.mjs`): on SIGUSR2
// it forces a full GC and writes memory figures to BENCH_GC_REPORT, so the connections scenario
// can read heap and RSS per connection without any endpoint in the server itself.
// With BENCH_SAMPLE_FILE set (the soak), it also appends one JSON line every BENCH_SAMPLE_MS:
// memory without a forced GC and the event-loop delay since the previous line.
import { appendFileSync, writeFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'

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

const samples = process.env.BENCH_SAMPLE_FILE
if (samples) {
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  const timer = setInterval(
    () => {
      const { rss, heapUsed } = process.memoryUsage()
      const line = {
        at: Date.now(),
        rss,
        heapUsed,
        eldP50Ms: delay.percentile(50) / 1e6,
        eldP99Ms: delay.percentile(99) / 1e6,
        eldMaxMs: delay.max / 1e6,
      }
      delay.reset()
      appendFileSync(samples, `${JSON.stringify(line)}\n`)
    },
    Number(process.env.BENCH_SAMPLE_MS) || 5000,
  )
  timer.unref()
}
