/**
 * Which pages may open a chat socket. Browsers always send `Origin`; other clients
 * (CLI tools, the benchmark, tests) usually don't, and are allowed: the check exists to
 * stop other websites from using a visitor's browser, not to authenticate anyone.
 *
 * `allowed` empty: only the page's own host (Origin host equals the Host header).
 * `allowed` containing `*`: any origin. Otherwise: exactly the listed origins.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (!origin) return true
  if (allowed.includes('*')) return true
  if (allowed.length > 0) return allowed.includes(origin.replace(/\/$/, ''))
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}
