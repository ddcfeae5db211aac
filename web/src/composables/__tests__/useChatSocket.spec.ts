import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { useChatSocket } from '../useChatSocket'
import { asWebSocket, FakeWebSocket } from './fake-websocket'

const scopes: ReturnType<typeof effectScope>[] = []

/** The jitter at its top: the schedule's own delays (1 s, 2 s, 4 s, 15 s, 3 s probes). */
const AT_THE_TOP = () => 1 - 1e-9

function setup(probe?: () => Promise<boolean>, random = AT_THE_TOP) {
  const scope = effectScope()
  scopes.push(scope)
  const onOpen = vi.fn()
  const onFinalClose = vi.fn()
  const socket = scope.run(() =>
    useChatSocket({
      url: () => 'ws://chatty.test/ws/room',
      onOpen,
      onFrame: () => {},
      onFinalClose,
      probe,
      WebSocketImpl: asWebSocket,
      random,
    }),
  )!
  return { socket, onOpen, onFinalClose, stop: () => scope.stop() }
}

describe('useChatSocket reconnect backoff', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    FakeWebSocket.reset()
  })
  afterEach(() => {
    // Each socket listens to window events: stop them all so tests do not hear each other.
    for (const scope of scopes.splice(0)) scope.stop()
    vi.useRealTimers()
  })

  it('spreads its attempts over the second half of each wait, never later than the schedule', () => {
    const { socket } = setup(undefined, () => 0)
    socket.connect()
    FakeWebSocket.last.open()
    FakeWebSocket.last.serverClose(1006)
    for (const delay of [500, 1000, 2000]) {
      const before = FakeWebSocket.instances.length
      vi.advanceTimersByTime(delay - 1)
      expect(FakeWebSocket.instances.length).toBe(before)
      vi.advanceTimersByTime(1)
      expect(FakeWebSocket.instances.length).toBe(before + 1)
      FakeWebSocket.last.serverClose(1006)
    }
    expect(socket.state.value).toBe('disconnected')
    const before = FakeWebSocket.instances.length
    vi.advanceTimersByTime(7499)
    expect(FakeWebSocket.instances.length).toBe(before)
    vi.advanceTimersByTime(1)
    expect(FakeWebSocket.instances.length).toBe(before + 1)
  })

  it('retries after 1 s, 2 s and 4 s, then shows Disconnected', () => {
    const { socket } = setup()
    socket.connect()
    FakeWebSocket.last.open()
    expect(socket.state.value).toBe('open')

    FakeWebSocket.last.serverClose(1006)
    expect(socket.state.value).toBe('reconnecting')
    for (const delay of [1000, 2000, 4000]) {
      const before = FakeWebSocket.instances.length
      vi.advanceTimersByTime(delay - 1)
      expect(FakeWebSocket.instances.length).toBe(before)
      vi.advanceTimersByTime(1)
      expect(FakeWebSocket.instances.length).toBe(before + 1)
      expect(socket.state.value).toBe('reconnecting')
      FakeWebSocket.last.serverClose(1006) // the server is still down
    }
    expect(socket.state.value).toBe('disconnected')
  })

  /** Open, drop, and let the three quick attempts fail: 4 sockets, `disconnected`. */
  function giveUp(probe?: () => Promise<boolean>) {
    const made = setup(probe)
    made.socket.connect()
    FakeWebSocket.last.open()
    FakeWebSocket.last.serverClose(1006)
    for (const delay of [1000, 2000, 4000]) {
      vi.advanceTimersByTime(delay)
      FakeWebSocket.last.serverClose(1006)
    }
    expect(made.socket.state.value).toBe('disconnected')
    expect(FakeWebSocket.instances.length).toBe(4)
    return made
  }

  it('then keeps trying every 15 s, still showing Disconnected, until one succeeds', () => {
    const { socket, onOpen } = giveUp()
    for (let n = 5; n <= 7; n++) {
      vi.advanceTimersByTime(14_999)
      expect(FakeWebSocket.instances.length).toBe(n - 1)
      vi.advanceTimersByTime(1)
      expect(FakeWebSocket.instances.length).toBe(n)
      expect(socket.state.value).toBe('disconnected')
      FakeWebSocket.last.serverClose(1006)
      expect(socket.state.value).toBe('disconnected')
    }
    vi.advanceTimersByTime(15_000)
    FakeWebSocket.last.open()
    expect(socket.state.value).toBe('open')
    expect(onOpen).toHaveBeenLastCalledWith(true)
    // Back to the quick backoff for the next drop.
    FakeWebSocket.last.serverClose(1006)
    expect(socket.state.value).toBe('reconnecting')
    vi.advanceTimersByTime(1000)
    expect(FakeWebSocket.instances.length).toBe(9)
  })

  it('tries at once when the browser comes back online or the tab becomes visible', () => {
    const { socket } = giveUp()
    window.dispatchEvent(new Event('online'))
    expect(FakeWebSocket.instances.length).toBe(5)
    // One attempt at a time: a second event while it is under way opens nothing.
    window.dispatchEvent(new Event('online'))
    expect(FakeWebSocket.instances.length).toBe(5)
    FakeWebSocket.last.serverClose(1006)
    expect(socket.state.value).toBe('disconnected')

    const visibility = vi.spyOn(document, 'visibilityState', 'get')
    visibility.mockReturnValue('hidden')
    document.dispatchEvent(new Event('visibilitychange'))
    expect(FakeWebSocket.instances.length).toBe(5)
    visibility.mockReturnValue('visible')
    document.dispatchEvent(new Event('visibilitychange'))
    expect(FakeWebSocket.instances.length).toBe(6)
    FakeWebSocket.last.open()
    expect(socket.state.value).toBe('open')
    visibility.mockRestore()

    // Connected, or closed on purpose by the server (1000): nothing to wake.
    window.dispatchEvent(new Event('online'))
    expect(FakeWebSocket.instances.length).toBe(6)
    FakeWebSocket.last.serverClose(1000)
    window.dispatchEvent(new Event('online'))
    vi.advanceTimersByTime(60_000)
    expect(FakeWebSocket.instances.length).toBe(6)
  })

  it('asks the server every 3 s once disconnected, and connects as soon as it answers', async () => {
    const answers = vi.fn(async () => false)
    const { socket } = giveUp(answers)
    await vi.advanceTimersByTimeAsync(2999)
    expect(answers).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(answers).toHaveBeenCalledTimes(1)
    expect(FakeWebSocket.instances.length).toBe(4)
    await vi.advanceTimersByTimeAsync(3000)
    expect(answers).toHaveBeenCalledTimes(2)
    expect(FakeWebSocket.instances.length).toBe(4)

    // The server is back: the next probe connects, long before the 15 s attempt.
    answers.mockResolvedValue(true)
    await vi.advanceTimersByTimeAsync(3000)
    expect(FakeWebSocket.instances.length).toBe(5)
    FakeWebSocket.last.open()
    expect(socket.state.value).toBe('open')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(answers).toHaveBeenCalledTimes(3)
  })

  it('after a probe’s yes whose socket failed, waits for the next slow attempt', async () => {
    const answers = vi.fn(async () => true)
    const { socket } = giveUp(answers)
    await vi.advanceTimersByTimeAsync(3000)
    expect(FakeWebSocket.instances.length).toBe(5)
    FakeWebSocket.last.serverClose(1006) // HTTP answers, the socket does not
    expect(socket.state.value).toBe('disconnected')
    await vi.advanceTimersByTimeAsync(14_999)
    expect(answers).toHaveBeenCalledTimes(1)
    expect(FakeWebSocket.instances.length).toBe(5)
    await vi.advanceTimersByTimeAsync(1)
    expect(FakeWebSocket.instances.length).toBe(6)
    // That one failing too (not a probe's), the probing starts again.
    FakeWebSocket.last.serverClose(1006)
    await vi.advanceTimersByTimeAsync(3000)
    expect(answers).toHaveBeenCalledTimes(2)
    expect(FakeWebSocket.instances.length).toBe(7)
  })

  it('a probe that fails to answer at all counts as no, and Retry stops the probing', async () => {
    const answers = vi.fn(async (): Promise<boolean> => {
      throw new TypeError('Failed to fetch')
    })
    const { socket } = giveUp(answers)
    await vi.advanceTimersByTimeAsync(6000)
    expect(answers).toHaveBeenCalledTimes(2)
    expect(FakeWebSocket.instances.length).toBe(4)
    socket.retry()
    FakeWebSocket.last.open()
    await vi.advanceTimersByTimeAsync(30_000)
    expect(answers).toHaveBeenCalledTimes(2)
  })

  it('tries at once when the browser comes back online during the quick attempts', () => {
    const { socket } = setup()
    socket.connect()
    FakeWebSocket.last.open()
    FakeWebSocket.last.serverClose(1006)
    FakeWebSocket.last.serverClose(1006)
    expect(socket.state.value).toBe('reconnecting')
    window.dispatchEvent(new Event('online'))
    expect(FakeWebSocket.instances.length).toBe(2)
    FakeWebSocket.last.open()
    expect(socket.state.value).toBe('open')
  })

  it('starts the backoff again after a successful reconnect', () => {
    const { socket, onOpen } = setup()
    socket.connect()
    FakeWebSocket.last.open()
    FakeWebSocket.last.serverClose(1006)
    vi.advanceTimersByTime(1000)
    FakeWebSocket.last.serverClose(1006)
    vi.advanceTimersByTime(2000)
    FakeWebSocket.last.open()
    expect(onOpen).toHaveBeenLastCalledWith(true)
    expect(socket.attempt.value).toBe(0)

    FakeWebSocket.last.serverClose(1006)
    vi.advanceTimersByTime(999)
    expect(FakeWebSocket.instances.length).toBe(3)
    vi.advanceTimersByTime(1)
    expect(FakeWebSocket.instances.length).toBe(4)
  })

  it('reconnects when the server restarts (1001, 1012)', () => {
    for (const code of [1001, 1012]) {
      FakeWebSocket.reset()
      const { socket, stop } = setup()
      socket.connect()
      FakeWebSocket.last.open()
      FakeWebSocket.last.serverClose(code)
      expect(socket.state.value).toBe('reconnecting')
      vi.advanceTimersByTime(1000)
      expect(FakeWebSocket.instances.length).toBe(2)
      stop()
    }
  })

  it('does not reconnect after a normal close or a final code', () => {
    for (const code of [1000, 4001, 4003, 4004, 4009]) {
      FakeWebSocket.reset()
      const { socket, onFinalClose, stop } = setup()
      socket.connect()
      FakeWebSocket.last.open()
      FakeWebSocket.last.serverClose(code)
      vi.advanceTimersByTime(30_000)
      expect(FakeWebSocket.instances.length).toBe(1)
      if (code === 1000) {
        expect(socket.state.value).toBe('disconnected')
        expect(onFinalClose).not.toHaveBeenCalled()
      } else {
        expect(socket.state.value).toBe('closed')
        expect(onFinalClose).toHaveBeenCalledWith(code)
      }
      stop()
    }
  })

  it('Retry after giving up connects at once and counts from the first delay', () => {
    const { socket } = setup()
    socket.connect()
    FakeWebSocket.last.serverClose(1006)
    for (const delay of [1000, 2000, 4000]) {
      vi.advanceTimersByTime(delay)
      FakeWebSocket.last.serverClose(1006)
    }
    expect(socket.state.value).toBe('disconnected')
    socket.retry()
    expect(FakeWebSocket.instances.length).toBe(5)
    FakeWebSocket.last.serverClose(1006)
    expect(socket.state.value).toBe('reconnecting')
    vi.advanceTimersByTime(1000)
    expect(FakeWebSocket.instances.length).toBe(6)
  })

  it('a deliberate close stops any pending reconnect', () => {
    const { socket } = setup()
    socket.connect()
    FakeWebSocket.last.open()
    FakeWebSocket.last.serverClose(1006)
    socket.close()
    vi.advanceTimersByTime(10_000)
    expect(FakeWebSocket.instances.length).toBe(1)
    expect(socket.state.value).toBe('idle')
  })
})
