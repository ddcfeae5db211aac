/**
 * A minimal WebSocket client for the load generator. The `ws` client parses every frame into
 * a Buffer, a string and an event, which on one client core caps the bench near 150k
 * deliveries/s, below what the servers can push. This one does the RFC 6455 opening handshake
 * itself and hands each received frame to `onFrame` as a slice of the read chunk, so a chat
 * delivery is recognised by scanning bytes, with no allocation.
 *
 * Client frames are masked with an all-zero key (valid; the payload bytes stay as they are);
 * server frames are expected unmasked and unfragmented (all three servers send them so).
 */
import { connect, type Socket } from 'node:net'
import { randomBytes } from 'node:crypto'

const OP_TEXT = 1
const OP_CLOSE = 8
const OP_PING = 9
const OP_PONG = 10

export interface RawWsHandlers {
  onOpen(): void
  /** A text frame's payload is `buf[start, end)`; only valid during the call. */
  onText(buf: Buffer, start: number, end: number): void
  onClose(code: number): void
  onError(error: Error): void
}

export class RawWs {
  private readonly socket: Socket
  private upgraded = false
  private pending: Buffer | null = null
  private closeCode = 1006
  open = false

  constructor(
    url: string,
    localAddress: string,
    private readonly h: RawWsHandlers,
  ) {
    const u = new URL(url)
    const key = randomBytes(16).toString('base64')
    this.socket = connect({ host: u.hostname, port: Number(u.port), localAddress, noDelay: true })
    this.socket.on('connect', () => {
      this.socket.write(
        `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      )
    })
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk))
    this.socket.on('error', (error) => h.onError(error))
    this.socket.on('close', () => {
      this.open = false
      h.onClose(this.closeCode)
    })
  }

  send(text: string): void {
    const length = Buffer.byteLength(text)
    const header = length < 126 ? 6 : length < 65536 ? 8 : 14
    const frame = Buffer.allocUnsafe(header + length)
    frame[0] = 0x80 | OP_TEXT
    if (length < 126) {
      frame[1] = 0x80 | length
    } else if (length < 65536) {
      frame[1] = 0x80 | 126
      frame.writeUInt16BE(length, 2)
    } else {
      frame[1] = 0x80 | 127
      frame.writeBigUInt64BE(BigInt(length), 2)
    }
    frame.writeUInt32BE(0, header - 4)
    frame.write(text, header, 'utf8')
    this.socket.write(frame)
  }

  pause(): void {
    this.socket.pause()
  }

  resume(): void {
    this.socket.resume()
  }

  get closed(): boolean {
    return this.socket.destroyed
  }

  terminate(): void {
    this.socket.destroy()
  }

  private control(opcode: number, payload: Buffer): void {
    const frame = Buffer.allocUnsafe(6 + payload.length)
    frame[0] = 0x80 | opcode
    frame[1] = 0x80 | payload.length
    frame.writeUInt32BE(0, 2)
    payload.copy(frame, 6)
    this.socket.write(frame)
  }

  private onData(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk
    this.pending = null
    let at = 0
    if (!this.upgraded) {
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) {
        this.pending = buf
        return
      }
      if (!buf.toString('latin1', 0, 12).startsWith('HTTP/1.1 101')) {
        this.h.onError(
          new Error(`upgrade refused: ${buf.toString('latin1', 0, end).split('\r\n')[0]}`),
        )
        this.socket.destroy()
        return
      }
      this.upgraded = true
      this.open = true
      at = end + 4
      this.h.onOpen()
    }
    while (at + 2 <= buf.length) {
      const opcode = buf[at]! & 0x0f
      let length = buf[at + 1]! & 0x7f
      let header = 2
      if (length === 126) {
        if (at + 4 > buf.length) break
        length = buf.readUInt16BE(at + 2)
        header = 4
      } else if (length === 127) {
        if (at + 10 > buf.length) break
        length = Number(buf.readBigUInt64BE(at + 2))
        header = 10
      }
      const start = at + header
      const end = start + length
      if (end > buf.length) break
      if (opcode === OP_TEXT) this.h.onText(buf, start, end)
      else if (opcode === OP_PING) this.control(OP_PONG, buf.subarray(start, end))
      else if (opcode === OP_CLOSE) {
        this.closeCode = length >= 2 ? buf.readUInt16BE(start) : 1005
        this.control(OP_CLOSE, buf.subarray(start, Math.min(end, start + 2)))
        this.socket.end()
      }
      at = end
    }
    if (at < buf.length) this.pending = buf.subarray(at)
  }
}
