/**
 * A hostile client on a raw TCP socket: it can stop after part of an HTTP upgrade, or
 * complete the upgrade and then flood tiny frames while never reading a byte, the attack
 * of issue 10 that grew the server from ~90 MB to 370–830 MB in ten seconds.
 */
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import net from 'node:net'

const OP_TEXT = 1
const OP_PING = 9

/** A masked client frame (all-zero mask key: valid, and the payload stays readable). */
export function clientFrame(opcode: number, payload: Buffer | string): Buffer {
  const body = Buffer.from(payload)
  if (body.length > 125) throw new Error('clientFrame: small frames only')
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | body.length, 0, 0, 0, 0]), body])
}

export function upgradeRequest(port: number, path: string): string {
  return (
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
    `Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n` +
    `Sec-WebSocket-Version: 13\r\n\r\n`
  )
}

export interface RawConnection {
  socket: net.Socket
  /** Settles when the server ended the TCP connection (FIN, RST or a write error). */
  gone: Promise<void>
  isGone(): boolean
}

/** Connects, sends `request` (maybe partial), and tracks when the server drops the socket. */
export async function rawConnect(port: number, request = ''): Promise<RawConnection> {
  const socket = net.connect({ host: '127.0.0.1', port })
  await once(socket, 'connect')
  let gone = false
  const done = new Promise<void>((resolve) => {
    const end = (): void => {
      gone = true
      resolve()
    }
    socket.once('close', end)
    socket.once('end', end)
    socket.on('error', end)
  })
  // Flowing, so that a clean close from the server is seen (`end` needs the data read).
  socket.resume()
  if (request) socket.write(request)
  return { socket, gone: done, isGone: () => gone }
}

/**
 * Upgrades, reads the 101 answer, then never reads again (unless `keepReading`: then it
 * reads and ignores everything, which lets it notice a clean close).
 */
export async function upgradeAndStopReading(
  port: number,
  path: string,
  keepReading = false,
): Promise<RawConnection> {
  const conn = await rawConnect(port, upgradeRequest(port, path))
  const [head] = (await once(conn.socket, 'data')) as [Buffer]
  if (!head.toString('latin1').startsWith('HTTP/1.1 101')) {
    throw new Error(`upgrade refused: ${head.toString('latin1').split('\r\n')[0]}`)
  }
  if (!keepReading) conn.socket.pause()
  return conn
}

/** What a flood sends, over and over: each one makes the server answer something. */
export const FLOODS = {
  /** 1-byte bad-JSON text frames: each gets an error frame. */
  badJson: clientFrame(OP_TEXT, 'x'),
  /** Application pings: each gets a `pong` frame. */
  appPing: clientFrame(OP_TEXT, '{"type":"ping"}'),
  /** WebSocket pings: each gets a WebSocket pong. */
  wsPing: clientFrame(OP_PING, ''),
} as const

/**
 * Writes `unit` frames as fast as the server takes them, for `ms` or until the server
 * drops the connection. Returns the bytes written.
 */
export async function flood(conn: RawConnection, unit: Buffer, ms: number): Promise<number> {
  const batch = Buffer.concat(
    Array.from({ length: Math.ceil((64 * 1024) / unit.length) }, () => unit),
  )
  const deadline = Date.now() + ms
  let written = 0
  while (Date.now() < deadline && !conn.isGone()) {
    written += batch.length
    if (!conn.socket.write(batch)) {
      const drained = once(conn.socket, 'drain').then(() => undefined)
      const timeout = new Promise<void>((r) => setTimeout(r, Math.max(0, deadline - Date.now())))
      await Promise.race([drained, conn.gone, timeout])
    }
  }
  return written
}

/** Resident memory of a process, from outside (Linux `/proc/<pid>/status`), in bytes. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)
  if (!kb) throw new Error(`no VmRSS for ${pid}`)
  return Number(kb[1]) * 1024
}
