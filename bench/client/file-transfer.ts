/**
 * The files scenario's client. It runs in the bench's own process, which `run.ts` pins to the
 * client core: keep-alive HTTP (`node:http`, one pool per source address) for the chunks and
 * the downloads, and for Chatty one member per room on the chat socket (`ws`), which asks for
 * uploads and sends the file messages (`protocol/files.ts`).
 */
import { Agent, request, type OutgoingHttpHeaders } from 'node:http'
import WebSocket from 'ws'

/** How long a frame's answer may take before the run gives up. */
const ANSWER_MS = 15_000

export interface HttpAnswer {
  status: number
  /** Bytes of the response body. */
  bytes: number
  /** The body as text when the status is not a success (the first few KB), else "". */
  text: string
}

/** Keep-alive HTTP to one server; the Agent keeps a pool per source address. */
export class Http {
  private readonly agent = new Agent({ keepAlive: true, scheduling: 'lifo' })
  private readonly host: string
  private readonly port: number

  constructor(baseUrl: string) {
    const url = new URL(baseUrl)
    this.host = url.hostname
    this.port = Number(url.port)
  }

  /** Sends one request; resolves once the whole answer was read (and counted, not kept). */
  send(
    method: string,
    path: string,
    localAddress: string,
    headers: OutgoingHttpHeaders = {},
    body?: Buffer,
  ): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          localAddress,
          agent: this.agent,
          headers: body ? { ...headers, 'content-length': body.length } : headers,
        },
        (res) => {
          const status = res.statusCode ?? 0
          const failed = status >= 300
          const text: Buffer[] = []
          let bytes = 0
          res.on('data', (chunk: Buffer) => {
            if (failed && bytes < 4096) text.push(chunk)
            bytes += chunk.length
          })
          res.on('end', () => resolve({ status, bytes, text: Buffer.concat(text).toString() }))
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end(body)
    })
  }

  close(): void {
    this.agent.destroy()
  }
}

type Frame = { type: string; client_id?: string } & Record<string, unknown>

/** A member of a Chatty room, joined over the chat socket, that asks for uploads and sends files. */
export class ChattyMember {
  private readonly waiters = new Map<string, (frame: Frame) => void>()
  private nextId = 0
  private closed: Error | undefined

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return
      const frame = JSON.parse(data.toString()) as Frame
      const wake = frame.client_id !== undefined && this.waiters.get(frame.client_id)
      if (wake) {
        this.waiters.delete(frame.client_id!)
        wake(frame)
      }
    })
    // Every failure also closes the socket, which is where the waiters hear of it.
    ws.on('error', () => undefined)
    ws.on('close', (code, reason) => {
      this.closed = new Error(`chat socket closed: ${code} ${reason.toString()}`)
      for (const wake of this.waiters.values()) wake({ type: 'closed' })
      this.waiters.clear()
    })
  }

  /** Opens `/ws/{room}` from `localAddress`, joins as `name`, and waits for the history. */
  static async join(
    baseUrl: string,
    room: string,
    name: string,
    localAddress: string,
  ): Promise<ChattyMember> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws/${room}`, {
      localAddress,
      perMessageDeflate: false,
    })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} not joined in time`)), ANSWER_MS)
      ws.once('open', () => ws.send(JSON.stringify({ type: 'join', sender: name })))
      ws.on('message', function joined(data) {
        const frame = JSON.parse(data.toString()) as Frame
        if (frame.type === 'error') reject(new Error(`join refused: ${data.toString()}`))
        if (frame.type !== 'history') return
        clearTimeout(timer)
        ws.off('message', joined)
        resolve()
      })
      ws.once('error', reject)
      ws.once('close', (code) => reject(new Error(`closed ${code} before joining`)))
    })
    return new ChattyMember(ws)
  }

  /** Sends `frame` with a fresh `client_id`; resolves with the server's frame that echoes it. */
  ask(frame: Record<string, unknown>): Promise<Frame> {
    if (this.closed) return Promise.reject(this.closed)
    const clientId = `f${this.nextId++}`
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(clientId)
        reject(new Error(`no answer to ${String(frame.type)} in ${ANSWER_MS} ms`))
      }, ANSWER_MS)
      this.waiters.set(clientId, (answer) => {
        clearTimeout(timer)
        if (answer.type === 'closed') reject(this.closed)
        else resolve(answer)
      })
      this.ws.send(JSON.stringify({ ...frame, client_id: clientId }))
    })
  }

  close(): void {
    this.ws.terminate()
  }
}
