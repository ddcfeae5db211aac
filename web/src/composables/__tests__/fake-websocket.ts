import type { ClientFrame, ServerFrame } from '../../../../protocol/frames'

/**
 * A stand-in for the browser's WebSocket, for unit tests of timing and ordering logic
 * only; the real socket is exercised by the browser tests in e2e/.
 */
export class FakeWebSocket {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3
  static instances: FakeWebSocket[] = []

  readyState = FakeWebSocket.CONNECTING
  sent: ClientFrame[] = []
  onopen: (() => void) | null = null
  onmessage: ((event: { data: string }) => void) | null = null
  onclose: ((event: { code: number }) => void) | null = null

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this)
  }

  static get last(): FakeWebSocket {
    const ws = FakeWebSocket.instances.at(-1)
    if (!ws) throw new Error('no socket was opened')
    return ws
  }

  static reset() {
    FakeWebSocket.instances = []
  }

  send(data: string) {
    this.sent.push(JSON.parse(data) as ClientFrame)
  }

  /** The code this client closed with, if it did. */
  closedWith: number | null = null

  close(code = 1000) {
    this.closedWith = code
    this.serverClose(code)
  }

  // ---- what the server (or network) does ----
  open() {
    this.readyState = FakeWebSocket.OPEN
    this.onopen?.()
  }

  receive(frame: ServerFrame) {
    this.onmessage?.({ data: JSON.stringify(frame) })
  }

  serverClose(code: number) {
    if (this.readyState === FakeWebSocket.CLOSED) return
    this.readyState = FakeWebSocket.CLOSED
    this.onclose?.({ code })
  }
}

export const asWebSocket = FakeWebSocket as unknown as typeof WebSocket
