/**
 * The configuration values that are lists or addresses, checked item by item so that a
 * typo stops the start with the variable and the item named, instead of a stack trace
 * from deep inside a library (or, worse, being accepted and never matching anything).
 */
import { isIP } from 'node:net'

/** Fastify's `trustProxy`: none, any, the first `n` hops, or these addresses/CIDRs. */
export type TrustProxy = boolean | number | string[]

/**
 * A value that stops the start. Most name one variable; a conflict between settings that
 * are each fine alone names every one involved, so that fixing either is an option.
 */
export class ConfigError extends Error {
  /** The variable named first (for a conflict, the first of those involved). */
  readonly variable: string
  /** Every variable the problem involves, `variable` first. */
  readonly variables: readonly string[]

  constructor(variables: string | readonly [string, ...string[]], problem: string) {
    const names = typeof variables === 'string' ? [variables] : [...variables]
    super(`${names.join(' and ')}: ${problem}`)
    this.variable = names[0]!
    this.variables = names
    this.name = 'ConfigError'
  }
}

function items(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

/** An IPv4/IPv6 address, or one with a `/prefix` of the right size. */
function isAddressOrCidr(item: string): boolean {
  const [address = '', prefix, ...rest] = item.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  if (!/^\d{1,3}$/.test(prefix)) return false
  return Number(prefix) <= (family === 4 ? 32 : 128)
}

/**
 * `CHATTY_TRUST_PROXY`: `false` (default), `true` (any peer: only behind a proxy that
 * overwrites `X-Forwarded-For`), a hop count (`1`: the nearest proxy), or a comma list of
 * addresses and CIDRs.
 */
export function parseTrustProxy(raw: string | undefined, name = 'CHATTY_TRUST_PROXY'): TrustProxy {
  const value = raw?.trim() ?? ''
  if (value === '' || value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    if (hops < 1 || hops > 32)
      throw new ConfigError(name, `a hop count must be 1 to 32, got ${hops}`)
    return hops
  }
  const list = items(value)
  const bad = list.find((item) => !isAddressOrCidr(item))
  if (bad !== undefined) {
    throw new ConfigError(
      name,
      `"${bad}" is not an IP address or CIDR (expected true, false, a hop count, or a list such as 10.0.0.0/8,127.0.0.1)`,
    )
  }
  return list
}

/**
 * `CHATTY_ALLOWED_ORIGINS`: empty (the page's own host), `*`, or a comma list of origins
 * exactly as browsers send them: `https://chat.example.com`, with no path.
 */
export function parseOrigins(raw: string | undefined, name = 'CHATTY_ALLOWED_ORIGINS'): string[] {
  const list = items(raw ?? '')
  for (const item of list) {
    if (item === '*') continue
    let url: URL
    try {
      url = new URL(item)
    } catch {
      throw new ConfigError(name, `"${item}" is not an origin such as https://chat.example.com`)
    }
    const origin = item.replace(/\/$/, '')
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) {
      throw new ConfigError(
        name,
        `"${item}" is not an origin: use scheme://host[:port] with http or https, no path, such as ${url.origin === 'null' ? 'https://chat.example.com' : url.origin}`,
      )
    }
  }
  return list.map((item) => item.replace(/\/$/, ''))
}

/** `CHATTY_HOST`: an IP address or a host name to listen on. */
export function parseHost(raw: string | undefined, name = 'CHATTY_HOST'): string {
  const value = raw?.trim() || '0.0.0.0'
  const hostname =
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i
  if (isIP(value) === 0 && !hostname.test(value)) {
    throw new ConfigError(name, `"${value}" is not an IP address or host name`)
  }
  return value
}
