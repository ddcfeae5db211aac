import { getCurrentScope, onScopeDispose } from 'vue'
import type { ClientFrame } from '../../../protocol/frames'
import { DEFAULT_LIMITS } from '../../../protocol/limits'

const PING_EVERY_MS = 25_000

/**
 * The small frames a joined member sends besides messages: a ping every 25 s (so proxies keep
 * the socket open and a dead one is noticed), and typing notices at most as often as the
 * server relays them (`typing_throttle_ms`).
 */
export function useRoomSignals(
  send: (frame: ClientFrame) => boolean,
  joined: () => boolean,
  typingThrottleMs: () => number | undefined,
) {
  let lastTypingSent = 0
  const ping = setInterval(() => {
    if (joined()) send({ type: 'ping' })
  }, PING_EVERY_MS)
  const stop = () => clearInterval(ping)
  if (getCurrentScope()) onScopeDispose(stop)

  return {
    notifyTyping() {
      const now = Date.now()
      const every = typingThrottleMs() ?? DEFAULT_LIMITS.typingThrottleMs
      if (!joined() || now - lastTypingSent < every) return
      lastTypingSent = now
      send({ type: 'typing' })
    },
    stop,
  }
}
