import { getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue'
import type { ClientFrame, ServerFrame } from '../../../protocol/frames'
import { FINAL_CLOSE_CODES } from '../../../protocol/frames'

export type ConnectionState =
  'idle' | 'connecting' | 'open' | 'reconnecting' | 'disconnected' | 'closed'

/**
 * The close code of a tab that hands its place in the room to another tab of the browser:
 * any close but 1000 keeps the member's name for the reconnect grace (a client's own code,
 * from the 4000–4999 range that is free for applications).
 */
export const STEPPED_ASIDE = 4100

export const RECONNECT_DELAYS_MS = [1000, 2000, 4000] as const
/** After the quick attempts: one attempt this often, for as long as the page is open. */
export const SLOW_RETRY_MS = 15_000
/** After the quick attempts, the server is asked this often whether it answers again. */
export const PROBE_EVERY_MS = 3000

export interface ChatSocketOptions {
  url: () => string
  /** Called on every open, first or reconnect: the place to send `join`. */
  onOpen: (reconnected: boolean) => void
  onFrame: (frame: ServerFrame) => void
  /** The server ended the room for good (expired, not found, full, origin): no reconnect. */
  onFinalClose?: (code: number) => void
  /**
   * Asks the server, with a plain request, whether it answers again (its interval jittered
   * like the attempts). While `disconnected`
   * it is asked every `probeEveryMs`, and a yes connects at once rather than at the next
   * slow attempt.
   */
  probe?: () => Promise<boolean>
  /** Injected by unit tests; the browser's WebSocket otherwise. */
  WebSocketImpl?: typeof WebSocket
  delays?: readonly number[]
  slowRetryMs?: number
  probeEveryMs?: number
  /** A number in [0, 1) for the jitter (tests pin it); `Math.random` otherwise. */
  random?: () => number
}

/**
 * A wait of `ms` spread over its second half: after a server restart thousands of members
 * reconnect, and without jitter they would all knock in the same millisecond. The schedule's
 * promise (at most 1 s, 2 s, 4 s, then 15 s) holds.
 */
export function jittered(ms: number, random: () => number): number {
  return Math.round(ms / 2 + random() * (ms / 2))
}

/**
 * One WebSocket to a room, reconnecting on an unexpected close with the backoff
 * in `delays` (1 s, 2 s, 4 s: three attempts). Then it is `disconnected`, and keeps trying
 * every `slowRetryMs` (15 s) without leaving that state, and at once when the `probe` finds
 * the server answering again (every 3 s), when the browser comes back online or when the tab
 * becomes visible; `retry()` starts the quick attempts over.
 */
export function useChatSocket(options: ChatSocketOptions) {
  const delays = options.delays ?? RECONNECT_DELAYS_MS
  const slowRetryMs = options.slowRetryMs ?? SLOW_RETRY_MS
  const probeEveryMs = options.probeEveryMs ?? PROBE_EVERY_MS
  const random = options.random ?? Math.random
  const Impl = options.WebSocketImpl ?? WebSocket
  const state = ref<ConnectionState>('idle')
  /** Reconnect attempts made since the last successful open. */
  const attempt = ref(0)
  const closeCode = ref<number | null>(null)
  const socket = shallowRef<WebSocket | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let everOpened = false
  /** True while slow attempts are due (the quick ones ran out). */
  let slow = false
  let probeTimer: ReturnType<typeof setTimeout> | undefined
  /** The attempt under way was started by a probe's yes. */
  let probed = false

  function connect(byProbe = false) {
    clearTimeout(timer)
    clearTimeout(probeTimer)
    timer = undefined
    probed = byProbe
    const ws = new Impl(options.url())
    socket.value = ws
    // A slow attempt says nothing new: the page stays "disconnected" until one succeeds.
    if (state.value !== 'disconnected') {
      state.value = attempt.value > 0 ? 'reconnecting' : 'connecting'
    }
    ws.onopen = () => {
      if (socket.value !== ws) return
      const reconnected = everOpened
      everOpened = true
      slow = false
      attempt.value = 0
      closeCode.value = null
      state.value = 'open'
      options.onOpen(reconnected)
    }
    ws.onmessage = (event: MessageEvent) => {
      if (socket.value !== ws || typeof event.data !== 'string') return
      let frame: ServerFrame
      try {
        frame = JSON.parse(event.data) as ServerFrame
      } catch {
        return
      }
      options.onFrame(frame)
    }
    ws.onclose = (event: CloseEvent) => {
      if (socket.value !== ws) return
      socket.value = null
      closeCode.value = event.code
      handleClose(event.code)
    }
  }

  function handleClose(code: number) {
    if (FINAL_CLOSE_CODES.includes(code)) {
      state.value = 'closed'
      options.onFinalClose?.(code)
      return
    }
    // 1000 is a deliberate close by the server: reconnecting would only be refused again.
    if (code === 1000) {
      state.value = 'disconnected'
      slow = false
      return
    }
    if (attempt.value >= delays.length) {
      state.value = 'disconnected'
      slow = true
      timer = setTimeout(connect, jittered(slowRetryMs, random))
      // The server answered a probe, yet the socket failed: probing again would only repeat
      // that every few seconds. The next slow attempt decides.
      if (!probed) scheduleProbe()
      return
    }
    state.value = 'reconnecting'
    timer = setTimeout(connect, jittered(delays[attempt.value]!, random))
    attempt.value += 1
  }

  const waiting = () => slow && !socket.value && state.value === 'disconnected'

  function scheduleProbe() {
    if (options.probe)
      probeTimer = setTimeout(() => void runProbe(), jittered(probeEveryMs, random))
  }

  async function runProbe() {
    let answers = false
    try {
      answers = (await options.probe?.()) === true
    } catch {
      // Unreachable: the same as no.
    }
    if (!waiting()) return
    if (answers) connect(true)
    else scheduleProbe()
  }

  /** A fresh start after "Disconnected": the backoff counts from zero again. */
  function retry() {
    if (socket.value) return
    slow = false
    attempt.value = 0
    state.value = 'connecting'
    connect()
  }

  /** The network or the person is back: try now instead of at the next attempt. */
  function wake() {
    if (waiting() || (state.value === 'reconnecting' && !socket.value)) connect()
  }

  function send(frame: ClientFrame): boolean {
    const ws = socket.value
    if (!ws || ws.readyState !== Impl.OPEN) return false
    ws.send(JSON.stringify(frame))
    return true
  }

  /**
   * Stop, with no reconnect. 1000 is leaving on purpose (the server lets the name go at once);
   * `STEPPED_ASIDE` keeps it for the reconnect grace, for another tab to take over quietly.
   */
  function close(code: 1000 | typeof STEPPED_ASIDE = 1000) {
    clearTimeout(timer)
    clearTimeout(probeTimer)
    timer = undefined
    slow = false
    const ws = socket.value
    socket.value = null
    state.value = 'idle'
    if (ws && ws.readyState < 2) ws.close(code)
  }

  const onVisible = () => document.visibilityState === 'visible' && wake()
  if (typeof window !== 'undefined') {
    window.addEventListener('online', wake)
    document.addEventListener('visibilitychange', onVisible)
  }

  if (getCurrentScope()) {
    onScopeDispose(() => {
      close()
      if (typeof window === 'undefined') return
      window.removeEventListener('online', wake)
      document.removeEventListener('visibilitychange', onVisible)
    })
  }

  return { state, attempt, closeCode, connect, retry, wake, send, close }
}

export type ChatSocket = ReturnType<typeof useChatSocket>
