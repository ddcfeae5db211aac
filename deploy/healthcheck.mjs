// Container health probe: node:*-slim has no curl or wget, so the image probes itself with
// Node's fetch. Usage: node deploy/healthcheck.mjs [/healthz|/readyz]. Exit 0 on a 2xx.
const path = process.argv[2] ?? '/healthz'
const port = process.env.CHATTY_PORT || '8000'

try {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) })
  if (!res.ok) console.error(`${path}: HTTP ${res.status} ${await res.text()}`)
  process.exit(res.ok ? 0 : 1)
} catch (err) {
  console.error(`${path}: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
