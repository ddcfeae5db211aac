/**
 * Pings every socket every 30 s and terminates those that did not answer the previous
 * ping, so a phone that vanished without closing leaves the member list within a minute.
 */
import type { WebSocket, WebSocketServer } from 'ws'

const INTERVAL_MS = 30_000
const alive = new WeakMap<WebSocket, boolean>()

export function startKeepalive(server: WebSocketServer): { stop(): void } {
  server.on('connection', (ws: WebSocket) => {
    alive.set(ws, true)
    ws.on('pong', () => alive.set(ws, true))
  })
  const timer = setInterval(() => {
    for (const ws of server.clients) {
      if (alive.get(ws) === false) {
        ws.terminate()
        continue
      }
      alive.set(ws, false)
      ws.ping()
    }
  }, INTERVAL_MS)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
