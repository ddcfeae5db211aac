/**
 * "Hosts" for a test across machines on one machine: each a network namespace with its own
 * address, joined by a veth to a bridge in the root namespace, which holds the gateway
 * address (where the hosts reach Redis and where nginx reaches them). Needs root, `ip`
 * (iproute2) and `nft` (nftables); a missing one fails, saying what to install.
 *
 * Every name carries this process's pid (`chatty-<pid>-h1`, bridge `chb<pid>`), and the
 * subnet is a /24 of 198.18.0.0/15 (RFC 2544, for network tests) that no route on this
 * machine overlaps, so a leftover of a crashed run cannot break the next; what a dead pid
 * left behind is removed at the next start.
 */
import { execFileSync } from 'node:child_process'
import { requireProgram } from '../../testkit/process.js'

export interface TestHost {
  /** The namespace's name. */
  name: string
  /** Its address on the bridge. */
  address: string
  /** The command prefix that runs a program on this host (it execs the program). */
  exec: string[]
  /** Drops every packet between this host and `address`:`ports` (a packet filter, nftables). */
  cutOff(address: string, ports: number[]): void
  /** Lifts `cutOff`. */
  reconnect(): void
}

export interface TestNetwork {
  /** The root namespace's address on the bridge. */
  gateway: string
  hosts: TestHost[]
  /** Removes the namespaces, veths and bridge (the processes in them must be stopped first). */
  stop(): void
}

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8' })
const CUT_TABLE = 'chatty_cut'

function requireRoot(): void {
  requireProgram('ip', ['-V'], 'install it with `apt-get install -y iproute2`')
  requireProgram('nft', ['--version'], 'install it with `apt-get install -y nftables`')
  if (process.getuid?.() !== 0) {
    throw new Error('network namespaces need root: run this test as root (CI does)')
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes namespaces, veths and bridges of earlier runs whose process is gone. */
function sweepLeftovers(): void {
  const stale = (name: string, pattern: RegExp): boolean => {
    const pid = Number(pattern.exec(name)?.[1])
    return pid > 0 && !alive(pid)
  }
  for (const line of ip('netns', 'list').split('\n')) {
    const name = line.split(' ')[0] ?? ''
    if (stale(name, /^chatty-(\d+)-h\d+$/)) ip('netns', 'del', name)
  }
  for (const link of JSON.parse(ip('-j', 'link', 'show')) as { ifname: string }[]) {
    if (stale(link.ifname, /^ch[bv](\d+)(?:h\d+)?$/)) ip('link', 'del', link.ifname)
  }
}

const toInt = (address: string): number =>
  address.split('.').reduce((n, part) => n * 256 + Number(part), 0)

/** A /24 of 198.18.0.0/15 that no route (in any table) overlaps, starting at this pid's. */
function freeSubnet(): string {
  const routes = (JSON.parse(ip('-j', '-4', 'route', 'show', 'table', 'all')) as { dst: string }[])
    .map((r) => r.dst)
    .filter((dst) => dst !== 'default')
    .map((dst) => {
      const [address, bits] = dst.split('/')
      return { start: toInt(address!), bits: bits === undefined ? 32 : Number(bits) }
    })
  const overlaps = (start: number): boolean =>
    routes.some((r) => {
      const bits = Math.min(24, r.bits)
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0
      return (start & mask) >>> 0 === (r.start & mask) >>> 0
    })
  for (let i = 0; i < 512; i++) {
    const n = (process.pid + i) % 512
    const subnet = `198.${18 + (n >> 8)}.${n & 255}`
    if (!overlaps(toInt(`${subnet}.0`))) return subnet
  }
  throw new Error('no free /24 in 198.18.0.0/15 for the test network')
}

/** Creates `count` hosts on one bridge. */
export function startHosts(count: number): TestNetwork {
  requireRoot()
  sweepLeftovers()
  const pid = process.pid
  const subnet = freeSubnet()
  const bridge = `chb${pid}`
  const gateway = `${subnet}.1`
  const names: string[] = []
  const stop = (): void => {
    for (const name of names) {
      try {
        ip('netns', 'del', name) // its veth goes with it
      } catch {
        // already gone
      }
    }
    try {
      ip('link', 'del', bridge)
    } catch {
      // already gone
    }
  }
  const hosts: TestHost[] = []
  try {
    ip('link', 'add', bridge, 'type', 'bridge')
    ip('addr', 'add', `${gateway}/24`, 'dev', bridge)
    ip('link', 'set', bridge, 'up')
    for (let i = 1; i <= count; i++) {
      const name = `chatty-${pid}-h${i}`
      const address = `${subnet}.${10 + i}`
      const veth = `chv${pid}h${i}`
      ip('netns', 'add', name)
      names.push(name)
      ip('-n', name, 'link', 'set', 'lo', 'up')
      ip('link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', name)
      ip('link', 'set', veth, 'master', bridge, 'up')
      ip('-n', name, 'addr', 'add', `${address}/24`, 'dev', 'eth0')
      ip('-n', name, 'link', 'set', 'eth0', 'up')
      ip('-n', name, 'route', 'add', 'default', 'via', gateway)
      hosts.push(host(name, address))
    }
  } catch (error) {
    stop()
    throw error
  }
  return { gateway, hosts, stop }
}

function host(name: string, address: string): TestHost {
  const nft = (input: string): void => {
    execFileSync('ip', ['netns', 'exec', name, 'nft', '-f', '-'], { input, encoding: 'utf8' })
  }
  return {
    name,
    address,
    exec: ['ip', 'netns', 'exec', name],
    cutOff(to, ports) {
      const set = `{ ${ports.join(', ')} }`
      nft(`table inet ${CUT_TABLE} {
  chain out {
    type filter hook output priority 0; policy accept;
    ip daddr ${to} tcp dport ${set} drop
  }
  chain in {
    type filter hook input priority 0; policy accept;
    ip saddr ${to} tcp sport ${set} drop
  }
}
`)
    },
    reconnect() {
      nft(`delete table inet ${CUT_TABLE}\n`)
    },
  }
}
