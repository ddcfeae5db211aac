import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import type { ClientChat, ClientJoin, MessageFrame, SystemFrame } from '../../../../protocol/frames'
import { useRoomChat } from '../useRoomChat'
import { asWebSocket, FakeWebSocket } from './fake-websocket'
import { clientLimits, roomInfo } from '../../lib/__tests__/fixtures'

const room = roomInfo()
const limits = clientLimits()

function msg(id: number, content: string, extra: Partial<MessageFrame> = {}): MessageFrame {
  return {
    type: 'message',
    id,
    sender: 'Bob',
    avatar: 'owl',
    content,
    timestamp: room.created_at,
    ...extra,
  }
}
function joinedBy(ws: FakeWebSocket, name = 'Alice', joinedLimits = limits, host = false) {
  ws.receive({
    type: 'joined',
    protocol: 1,
    name,
    avatar: 'fox',
    room,
    server_time: '2030-01-01T00:10:00.000Z',
    limits: joinedLimits,
    host,
  })
}
const chats = (ws: FakeWebSocket) => ws.sent.filter((f) => 'content' in f) as ClientChat[]

function setup() {
  const scope = effectScope()
  const chat = scope.run(() =>
    useRoomChat({ roomId: 'r1', WebSocketImpl: asWebSocket, wsUrl: 'ws://chatty.test/ws/r1' }),
  )!
  return { chat, stop: () => scope.stop() }
}

describe('useRoomChat', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    FakeWebSocket.reset()
  })
  afterEach(() => vi.useRealTimers())

  it('joins, takes the history, and corrects the countdown with the server clock', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    const ws = FakeWebSocket.last
    ws.open()
    expect(ws.sent[0]).toEqual(
      expect.objectContaining({ type: 'join', sender: 'Alice', avatar: 'fox', resume: true }),
    )
    joinedBy(ws)
    ws.receive({ type: 'history', messages: [msg(1, 'a'), msg(2, 'b')] })
    expect(chat.phase.value).toBe('ready')
    expect(chat.messages.value.map((m) => m.id)).toEqual([1, 2])
    // 50 minutes left by the server's clock, whatever this machine's clock says.
    expect(chat.deadline.value! - Date.now()).toBe(50 * 60 * 1000)
  })

  it('rejoins asking again for the latest messages, and merges without gaps or doubles', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    let ws = FakeWebSocket.last
    ws.open()
    joinedBy(ws)
    ws.receive({ type: 'history', messages: [msg(1, 'a'), msg(2, 'b')] })
    ws.receive(msg(3, 'c'))
    ws.serverClose(1012)

    vi.advanceTimersByTime(1000)
    ws = FakeWebSocket.last
    ws.open()
    // Fewer than RESYNC_WINDOW messages held: all of them are asked for again.
    expect((ws.sent[0] as ClientJoin).last_id).toBe(0)
    joinedBy(ws)
    const notice: SystemFrame = {
      type: 'system',
      id: 5,
      sender: '__system__',
      content: 'Carol joined the chat',
      timestamp: room.created_at,
      event: 'join',
      name: 'Carol',
    }
    // A live frame that raced the history, then the history (which repeats it).
    ws.receive(msg(4, 'd'))
    ws.receive({
      type: 'history',
      messages: [msg(1, 'a'), msg(2, 'b'), msg(3, 'c'), msg(4, 'd'), notice],
    })
    ws.receive(msg(6, 'e'))
    expect(chat.messages.value.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('puts right on a rejoin what was deleted or edited while the tab was away', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    let ws = FakeWebSocket.last
    ws.open()
    joinedBy(ws)
    ws.receive({ type: 'history', messages: [msg(1, 'door code 4711'), msg(2, 'tpyo')] })
    ws.serverClose(1006)

    vi.advanceTimersByTime(1000)
    ws = FakeWebSocket.last
    ws.open()
    joinedBy(ws)
    // Meanwhile message 1 was deleted and message 2 edited: the server's copy wins.
    ws.receive({ type: 'history', messages: [{ ...msg(2, 'typo'), edited_at: room.created_at }] })
    expect(chat.messages.value.map((m) => m.content)).toEqual(['typo'])
  })

  it('resends an unconfirmed message exactly once after a reconnect', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    let ws = FakeWebSocket.last
    ws.open()
    joinedBy(ws)
    ws.receive({ type: 'history', messages: [] })

    expect(chat.send('lost in flight')).toBe(true)
    expect(chat.send('stored before drop')).toBe(true)
    const [lost, stored] = chats(ws)
    expect(lost!.client_id).not.toBe(stored!.client_id)
    ws.serverClose(1006)

    expect(chat.send('typed while offline')).toBe(true)
    expect(chat.pending.value).toHaveLength(3)

    vi.advanceTimersByTime(1000)
    ws = FakeWebSocket.last
    ws.open()
    joinedBy(ws)
    expect(chats(ws)).toHaveLength(0) // nothing goes out before the history is known
    ws.receive({
      type: 'history',
      messages: [msg(1, 'stored before drop', { sender: 'Alice', client_id: stored!.client_id })],
    })
    expect(chats(ws).map((c) => c.content)).toEqual(['lost in flight', 'typed while offline'])
    expect(chats(ws)[0]!.client_id).toBe(lost!.client_id)

    ws.receive(msg(2, 'lost in flight', { sender: 'Alice', client_id: lost!.client_id }))
    expect(chat.pending.value.map((p) => p.content)).toEqual(['typed while offline'])
    expect(chats(ws)).toHaveLength(2)
  })

  it('keeps the draft when a message is too long or refused for speed', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    const ws = FakeWebSocket.last
    ws.open()
    joinedBy(ws)
    ws.receive({ type: 'history', messages: [] })

    expect(chat.send('x'.repeat(21))).toBe(false)
    expect(chat.inputError.value).toMatch(/too long/)
    expect(chats(ws)).toHaveLength(0)

    expect(chat.send('too fast')).toBe(true)
    // The server's words are shown as they are: the web app keeps no copy of them.
    const tooFast = 'You are sending messages too fast. Wait a moment and try again.'
    ws.receive({ type: 'error', sender: '__error__', code: 'rate_limited', message: tooFast })
    expect(chat.inputError.value).toMatch(/too fast/)
    expect(chat.inputError.value).toBe(tooFast)
    expect(chat.restoredDraft.value).toBe('too fast')
    expect(chat.pending.value).toHaveLength(0)
  })

  it('keeps retrying its own name on rejoin for as long as a ghost can hold it', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    let ws = FakeWebSocket.last
    ws.open()
    joinedBy(ws)
    ws.receive({ type: 'history', messages: [msg(1, 'a')] })
    ws.serverClose(1006)
    vi.advanceTimersByTime(1000)
    ws = FakeWebSocket.last
    ws.open()
    const taken = {
      type: 'error',
      sender: '__error__',
      code: 'name_taken',
      message: 'taken',
    } as const
    // The dead process's member holds the name up to 7 heartbeats (35 s by default).
    for (let t = 0; t < 36_000; t += 2000) {
      ws.receive(taken)
      vi.advanceTimersByTime(2000)
    }
    expect(chat.phase.value).not.toBe('name')
    expect(ws.sent.filter((f) => f.type === 'join').length).toBeGreaterThan(17)
    joinedBy(ws)
    ws.receive({ type: 'history', messages: [] })
    expect(chat.phase.value).toBe('ready')
  })

  it('asks for another name when the name is taken', () => {
    const { chat } = setup()
    chat.enter({ name: 'Bob', avatar: '' })
    const ws = FakeWebSocket.last
    ws.open()
    const taken = 'Someone in this room is already called “Bob”. Pick another name.'
    ws.receive({ type: 'error', sender: '__error__', code: 'name_taken', message: taken })
    expect(chat.phase.value).toBe('name')
    expect(chat.nameError.value).toContain('“Bob”')
    expect(chat.nameError.value).toBe(taken)
  })

  it('shows a full room with the server’s words, and no name dialog', () => {
    const { chat } = setup()
    chat.enter({ name: 'Late', avatar: '' })
    const ws = FakeWebSocket.last
    ws.open()
    const full = 'This room is full (2 people). Try again later.'
    ws.receive({ type: 'error', sender: '__error__', code: 'room_full', message: full })
    ws.serverClose(4009)
    expect(chat.phase.value).toBe('full')
    expect(chat.pageError.value).toBe(full)
  })

  it('shows the endings for the final close codes', () => {
    for (const [code, phase] of [
      [4001, 'expired'],
      // Joined, then unknown: the room was there and was lost (useRoomChat.reconnect.spec.ts).
      [4004, 'lost'],
      [4009, 'full'],
    ] as const) {
      FakeWebSocket.reset()
      const { chat, stop } = setup()
      chat.enter({ name: 'Alice', avatar: 'fox' })
      FakeWebSocket.last.open()
      joinedBy(FakeWebSocket.last)
      FakeWebSocket.last.serverClose(code)
      expect(chat.phase.value).toBe(phase)
      stop()
    }
  })

  it('retries its own name for as long as the server says a name can stay held', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    let ws = FakeWebSocket.last
    ws.open()
    joinedBy(ws, 'Alice', clientLimits({ name_hold_seconds: 60 }))
    ws.receive({ type: 'history', messages: [msg(1, 'a')] })
    ws.serverClose(1006)
    vi.advanceTimersByTime(1000)
    ws = FakeWebSocket.last
    ws.open()
    const taken = { type: 'error', sender: '__error__', code: 'name_taken', message: 't' } as const
    // Longer than the 40 s a client without the server's word would wait.
    for (let t = 0; t < 62_000; t += 2000) {
      ws.receive(taken)
      vi.advanceTimersByTime(2000)
    }
    expect(chat.phase.value).not.toBe('name')
    // Past the hold and its slack, the name is really someone else's.
    for (let t = 62_000; t < 68_000; t += 2000) {
      ws.receive(taken)
      vi.advanceTimersByTime(2000)
    }
    expect(chat.nameError.value).toBe('t')
  })

  it("sends typing notices at the server's throttle, not a built-in one", () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    const ws = FakeWebSocket.last
    ws.open()
    joinedBy(ws, 'Alice', clientLimits({ typing_throttle_ms: 500 }))
    ws.receive({ type: 'history', messages: [] })
    chat.notifyTyping()
    vi.advanceTimersByTime(600)
    chat.notifyTyping()
    chat.notifyTyping()
    expect(ws.sent.filter((f) => f.type === 'typing')).toHaveLength(2)
  })

  it("shows the host's lock on its own control at once, until the room agrees or refuses", () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    const ws = FakeWebSocket.last
    ws.open()
    joinedBy(ws, 'Alice', limits, true)
    ws.receive({ type: 'history', messages: [] })
    chat.setLocked(true)
    expect(ws.sent.at(-1)).toEqual({ type: 'lock' })
    expect(chat.locked.value).toBe(true)
    ws.receive({ type: 'room_state', locked: true })
    expect(chat.locked.value).toBe(true)
    // Refused: the control shows the room's real state again.
    chat.setLocked(false)
    expect(chat.locked.value).toBe(false)
    ws.receive({ type: 'error', sender: '__error__', code: 'unavailable', message: 'down' })
    expect(chat.locked.value).toBe(true)
  })
})
