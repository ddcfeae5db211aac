/**
 * A real WebSocket client for tests: records every frame, lets a test wait for the
 * next frame matching a predicate, and exposes the close code.
 */
import WebSocket from 'ws'
import type {
  HistoryFrame,
  JoinedFrame,
  MessageFrame,
  ServerFrame,
  StoredFrame,
  UsersFrame,
} from '../../../protocol/index.js'

const WAIT_MS = 5000

/** What a join may add to the name: avatar, last id seen, quiet-reconnect fields. */
export interface JoinExtra {
  avatar?: string
  last_id?: number
  epoch?: string
  resume?: boolean
  resume_token?: string
}

export class TestClient {
  readonly frames: ServerFrame[] = []
  readonly closed: Promise<{ code: number; reason: string }>
  private cursor = 0
  private waiters: Array<() => void> = []

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) throw new Error('server sent a binary frame')
      this.frames.push(JSON.parse(data.toString()) as ServerFrame)
      for (const wake of this.waiters.splice(0)) wake()
    })
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() })
        for (const wake of this.waiters.splice(0)) wake()
      })
    })
  }

  /** `localAddress`: the loopback address to connect from (e.g. `127.0.0.3`). */
  static async connect(
    url: string,
    headers: Record<string, string> = {},
    localAddress?: string,
  ): Promise<TestClient> {
    const ws = new WebSocket(url, { headers, ...(localAddress && { localAddress }) })
    const client = new TestClient(ws)
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return client
  }

  /** Connects and joins; resolves with the `joined` and `history` frames. */
  static async join(
    url: string,
    name: string,
    extra: JoinExtra = {},
  ): Promise<{ client: TestClient; joined: JoinedFrame; history: HistoryFrame }> {
    const client = await TestClient.connect(url)
    const { joined, history } = await client.join(name, extra)
    return { client, joined, history }
  }

  async join(
    name: string,
    extra: JoinExtra = {},
  ): Promise<{ joined: JoinedFrame; history: HistoryFrame }> {
    this.send({ type: 'join', sender: name, avatar: extra.avatar ?? '', ...extra })
    const joined = await this.next((f): f is JoinedFrame => f.type === 'joined')
    const history = await this.next((f): f is HistoryFrame => f.type === 'history')
    return { joined, history }
  }

  send(frame: Readonly<Record<string, unknown>>): void {
    this.ws.send(JSON.stringify(frame))
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary })
  }

  say(content: string, extra: Record<string, unknown> = {}): void {
    this.send({ content, ...extra })
  }

  /** The next frame (after those already taken) that matches; frames before it are skipped. */
  async next<T extends ServerFrame>(
    match: (f: ServerFrame) => f is T,
    timeoutMs?: number,
  ): Promise<T>
  async next(match?: (f: ServerFrame) => boolean, timeoutMs?: number): Promise<ServerFrame>
  async next(
    match: (f: ServerFrame) => boolean = () => true,
    timeoutMs = WAIT_MS,
  ): Promise<ServerFrame> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      while (this.cursor < this.frames.length) {
        const frame = this.frames[this.cursor++]!
        if (match(frame)) return frame
      }
      const left = deadline - Date.now()
      if (left <= 0 || this.ws.readyState === WebSocket.CLOSED) {
        const recent = JSON.stringify(this.frames.slice(-5)).slice(0, 600)
        throw new Error(`no matching frame within ${timeoutMs} ms; last frames: ${recent}`)
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Any frame received so far or later that matches, regardless of what `next` already took. */
  async seen(match: (f: ServerFrame) => boolean, timeoutMs = WAIT_MS): Promise<ServerFrame> {
    const found = this.frames.find(match)
    if (found) return found
    return this.next(match, timeoutMs)
  }

  nextMessage(content?: string): Promise<MessageFrame> {
    return this.next(
      (f): f is MessageFrame =>
        f.type === 'message' && (content === undefined || f.content === content),
    )
  }

  /** The next `count` message frames, in the order they arrived. */
  async nextMessages(count: number): Promise<MessageFrame[]> {
    const got: MessageFrame[] = []
    while (got.length < count) got.push(await this.nextMessage())
    return got
  }

  nextUsers(): Promise<UsersFrame> {
    return this.next((f): f is UsersFrame => f.type === 'users')
  }

  nextError(): Promise<Extract<ServerFrame, { type: 'error' }>> {
    return this.next((f): f is Extract<ServerFrame, { type: 'error' }> => f.type === 'error')
  }

  /** Stored frames (messages and notices) received so far, in arrival order. */
  stored(): StoredFrame[] {
    const out: StoredFrame[] = []
    for (const f of this.frames) {
      if (f.type === 'history') out.push(...f.messages)
      else if (f.type === 'message' || f.type === 'system') out.push(f)
    }
    return out
  }

  close(code = 1000): void {
    this.ws.close(code)
  }
}
