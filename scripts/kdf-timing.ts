/**
 * Times Argon2id (hash-wasm, as the web app runs it) against PBKDF2-SHA-256 (WebCrypto) in
 * headless Chromium, for choosing a password room's cost (docs/privacy.md says what it
 * found and what was chosen): `npx tsx scripts/kdf-timing.ts`. The median of three runs each.
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { launchChromium } from '../testkit/browser.js'

const ARGON2 = [
  [19456, 2],
  [32768, 3],
  [65536, 2],
  [65536, 3],
  [131072, 1],
] as const
const PBKDF2 = [310_000, 600_000, 1_000_000]

const lib = readFileSync(
  new URL('../node_modules/hash-wasm/dist/argon2.umd.min.js', import.meta.url),
  'utf8',
)
// WebCrypto needs a secure context: a page of localhost, not about:blank.
const server = http.createServer((_req, res) => res.end('<!doctype html><title>kdf</title>'))
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const browser = await launchChromium()
try {
  const page = await browser.newPage()
  await page.goto(`http://localhost:${(server.address() as AddressInfo).port}/`)
  await page.addScriptTag({ content: lib })
  const rows = await page.evaluate(
    `(async () => {
      const argon2 = ${JSON.stringify(ARGON2)}, pbkdf2 = ${JSON.stringify(PBKDF2)}
      const salt = crypto.getRandomValues(new Uint8Array(16))
      const out = []
      const time = async (label, run) => {
        await run()
        const ms = []
        for (let i = 0; i < 3; i++) { const t = performance.now(); await run(); ms.push(performance.now() - t) }
        out.push([label, Math.round(ms.sort((a, b) => a - b)[1])])
      }
      for (const [memorySize, iterations] of argon2) {
        await time('argon2id ' + memorySize / 1024 + ' MiB x ' + iterations, () =>
          hashwasm.argon2id({ password: 'correct horse', salt, parallelism: 1, iterations, memorySize, hashLength: 32, outputType: 'binary' }))
      }
      const base = await crypto.subtle.importKey('raw', new TextEncoder().encode('correct horse'), 'PBKDF2', false, ['deriveBits'])
      for (const iterations of pbkdf2) {
        await time('pbkdf2-sha256 ' + iterations, () =>
          crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, 256))
      }
      return out
    })()`,
  )
  for (const [label, ms] of rows as [string, number][]) console.log(`${label}\t${ms} ms`)
} finally {
  await browser.close()
  server.close()
}
