/**
 * Who counts as one client for the per-address limits: an IPv4 address, or an IPv6 prefix
 * (by default the /64 every IPv6 host is given: one host, or one household, has 2^64
 * addresses of it to pick from). An IPv4 address written as IPv6 (`::ffff:192.0.2.1`) is
 * the IPv4 address. Anything else (a Unix socket, a malformed value) counts as itself.
 * Parsing is ipaddr.js's (the library Fastify's `trustProxy` uses).
 */
import ipaddr from 'ipaddr.js'

export function addressGroup(address: string, ipv6PrefixBits: number): string {
  const bare = address.replace(/%.*$/, '')
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare) && !ipaddr.IPv6.isValid(bare)) return address
  let ip = ipaddr.parse(bare)
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress()) ip = ip.toIPv4Address()
  if (ip instanceof ipaddr.IPv4) return ip.toString()
  const bits = Math.max(0, Math.min(128, ipv6PrefixBits))
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${ip.toString()}/${bits}`)
  return `${network.toNormalizedString()}/${bits}`
}
