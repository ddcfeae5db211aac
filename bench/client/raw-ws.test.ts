import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { RawWs } from './raw-ws.js'

/** `Promise.withResolvers` arrived in Node 22; this runs on 20. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: Error) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

// The bench's own WebSocket client against the real `ws` server: if it misreads frames, every
// figure the bench prints is wrong, so this is checked against the library the servers use.
describe('RawWs', () => {
  let server: WebSocketServer | undefined
  afterEach(() => server?.close())

  async function start(): Promise<{ url: string; wss: WebSocketServer }> {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' })
    server = wss
    await once(wss, 'listening')
    return { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws/room?x=1`, wss }
  }

  function client(url: string) {
    const texts: string[] = []
    let closeCode = 0
    const opened = deferred<void>()
    const closed = deferred<void>()
    const ws = new RawWs(url, '127.0.0.2', {
      onOpen: () => opened.resolve(),
      onText: (buf, start, end) => texts.push(buf.toString('utf8', start, end)),
      onClose: (code) => {
        closeCode = code
        closed.resolve()
      },
      onError: (error) => opened.reject(error),
    })
    return { ws, texts, opened: opened.promise, closed: closed.promise, code: () => closeCode }
  }

  it('sends masked frames the server reads, and reads every frame size the server sends', async () => {
    const { url, wss } = await start()
    const sizes = [0, 5, 125, 126, 65_535, 65_536, 200_000]
    wss.on('connection', (socket, req) => {
      expect(req.url).toBe('/ws/room?x=1')
      socket.on('message', (data) => {
        for (const n of sizes) socket.send(`${data.toString()}:${'é'.repeat(n)}`)
      })
    })
    const c = client(url)
    await c.opened
    c.ws.send('héllo')
    await expect.poll(() => c.texts.length).toBe(sizes.length)
    expect(c.texts.map((t) => t.length)).toEqual(sizes.map((n) => 'héllo:'.length + n))
  })

  it('answers pings, and reports the close code the server sent', async () => {
    const { url, wss } = await start()
    const pong = deferred<string>()
    wss.on('connection', (socket) => {
      socket.on('pong', (data) => pong.resolve(data.toString()))
      socket.ping('beat')
      setTimeout(() => socket.close(4008, 'Too slow'), 50)
    })
    const c = client(url)
    await c.opened
    expect(await pong.promise).toBe('beat')
    await c.closed
    expect(c.code()).toBe(4008)
  })

  it('reports 1006 when the connection drops without a close frame', async () => {
    const { url, wss } = await start()
    wss.on('connection', (socket) => socket.terminate())
    const c = client(url)
    await c.closed
    expect(c.code()).toBe(1006)
  })
})
