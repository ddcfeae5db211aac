// Preloaded into a server under test (with --expose-gc): on SIGUSR2, collect garbage,
// write a heap snapshot into HEAP_SNAPSHOT_DIR and print its path. Lives in the test
// kit only, so the shipped server has no way to dump its memory.
import { join } from 'node:path'
import { writeHeapSnapshot } from 'node:v8'

let count = 0
process.on('SIGUSR2', () => {
  // Twice: the first pass can leave objects whose finalizers run before the second.
  globalThis.gc()
  globalThis.gc()
  const file = writeHeapSnapshot(join(process.env.HEAP_SNAPSHOT_DIR, `${++count}.heapsnapshot`))
  process.stdout.write(`heap snapshot written: ${file}\n`)
})
