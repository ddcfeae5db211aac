/**
 * The session across drops and outages: the resume token kept per room and tab and sent
 * back, messages marked "not sent" once the quick reconnects ran out (with Retry and
 * Discard), and a room that vanished with its server told apart from a wrong link.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import type { ClientChat, ClientJoin, MessageFrame } from '../../../../protocol/frames'
import { useRoomChat } from '../useRoomChat'
import { asWebSocket, FakeWebSocket } from './fake-websocket'
import { clientLimits, roomInfo } from '../../lib/__tests__/fixtures'

const room = roomInfo()
const joins = (ws: FakeWebSocket) => ws.sent.filter((f) => f.type === 'join') as ClientJoin[]
const chats = (ws: FakeWebSocket) => ws.sent.filter((f) => 'content' in f) as ClientChat[]
const scopes: ReturnType<typeof effectScope>[] = []

function setup(roomId = 'r1') {
  const scope = effectScope()
  scopes.push(scope)
  const chat = scope.run(() =>
    useRoomChat({
      roomId,
      WebSocketImpl: asWebSocket,
      wsUrl: `ws://chatty.test/ws/${roomId}`,
      // The server stays down for these tests (its return is useChatSocket.spec.ts's).
      probe: async () => false,
    }),
  )!
  return { chat, stop: () => scope.stop() }
}

/** Opens the socket and answers the join as the server does. */
function joinOpen(ws: FakeWebSocket, token?: string) {
  ws.open()
  ws.receive({
    type: 'joined',
    protocol: 1,
    name: 'Alice',
    avatar: 'fox',
    room,
    server_time: '2030-01-01T00:10:00.000Z',
    limits: clientLimits(),
    ...(token ? { resume_token: token } : {}),
  })
  ws.receive({ type: 'history', messages: [] })
}

function echo(ws: FakeWebSocket, id: number, sent: ClientChat): MessageFrame {
  const frame: MessageFrame = {
    type: 'message',
    id,
    sender: 'Alice',
    avatar: 'fox',
    content: sent.content,
    timestamp: room.created_at,
    ...(sent.client_id ? { client_id: sent.client_id } : {}),
  }
  ws.receive(frame)
  return frame
}

/** Drops the socket and lets the three quick reconnects fail. */
function outage() {
  FakeWebSocket.last.serverClose(1006)
  for (const delay of [1000, 2000, 4000]) {
    vi.advanceTimersByTime(delay)
    FakeWebSocket.last.serverClose(1006)
  }
}

describe('useRoomChat across drops', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    FakeWebSocket.reset()
    sessionStorage.clear()
  })
  afterEach(() => {
    for (const scope of scopes.splice(0)) scope.stop()
    vi.useRealTimers()
  })

  it('keeps the resume token per room in sessionStorage and sends it back', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    joinOpen(FakeWebSocket.last, 'tok-1')
    expect(joins(FakeWebSocket.last)[0]).toMatchObject({ type: 'join', resume: true })
    expect(joins(FakeWebSocket.last)[0]!.resume_token).toBeUndefined()
    expect(sessionStorage.getItem('chatty:resume:r1')).toBe('tok-1')

    // A drop: the rejoin carries the token with last_id; the new token replaces it.
    FakeWebSocket.last.serverClose(1006)
    vi.advanceTimersByTime(1000)
    const ws = FakeWebSocket.last
    ws.open()
    expect(joins(ws)[0]).toMatchObject({ last_id: 0, resume: true, resume_token: 'tok-1' })
    joinOpen(ws, 'tok-2')
    expect(sessionStorage.getItem('chatty:resume:r1')).toBe('tok-2')

    // A reload is a new session in the same tab: it sends the token too. Another room does not.
    setup().chat.enter({ name: 'Alice', avatar: 'fox' })
    FakeWebSocket.last.open()
    expect(joins(FakeWebSocket.last)[0]).toMatchObject({ resume_token: 'tok-2' })
    setup('r2').chat.enter({ name: 'Alice', avatar: 'fox' })
    FakeWebSocket.last.open()
    expect(joins(FakeWebSocket.last)[0]!.resume_token).toBeUndefined()
  })

  it('steps aside for another tab without leaving, and comes back with a handed token', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    joinOpen(FakeWebSocket.last, 'tok-1')
    const old = FakeWebSocket.last
    // Stepping aside is not leaving (1000 would let the name go at once), and not a drop.
    chat.stepAside()
    expect(old.closedWith).toBe(4100)
    vi.advanceTimersByTime(60_000)
    expect(FakeWebSocket.last).toBe(old)
    expect(chat.connection.value).toBe('idle')

    // Taken back later with the token the other tab handed back: asks only for what it missed.
    sessionStorage.setItem('chatty:resume:r1', 'tok-2')
    chat.enter({ name: 'Alice', avatar: 'fox' })
    FakeWebSocket.last.open()
    expect(joins(FakeWebSocket.last)[0]).toMatchObject({ last_id: 0, resume_token: 'tok-2' })
  })

  it('marks messages "not sent" once the quick reconnects ran out, and keeps them back', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    joinOpen(FakeWebSocket.last)
    FakeWebSocket.last.serverClose(1006)
    // While it reconnects, a message is only on its way…
    chat.send('during the drop')
    expect(chat.pending.value.map((p) => p.unsent)).toEqual([undefined])
    for (const delay of [1000, 2000, 4000]) {
      vi.advanceTimersByTime(delay)
      FakeWebSocket.last.serverClose(1006)
    }
    // …and once the page says it is disconnected, it is "not sent", as is anything new.
    expect(chat.connection.value).toBe('disconnected')
    chat.send('while disconnected')
    expect(chat.pending.value.map((p) => [p.content, p.unsent])).toEqual([
      ['during the drop', true],
      ['while disconnected', true],
    ])

    // The slow retry gets through: nothing goes out by itself.
    vi.advanceTimersByTime(15_000)
    const ws = FakeWebSocket.last
    joinOpen(ws)
    expect(chats(ws)).toEqual([])
    // Discard drops one; Retry sends the other, once, and its echo clears it.
    const [first, second] = chat.pending.value
    chat.discardMessage(first!.client_id)
    chat.retryMessage(second!.client_id)
    expect(chats(ws).map((c) => c.content)).toEqual(['while disconnected'])
    echo(ws, 1, chats(ws)[0]!)
    expect(chat.pending.value).toEqual([])
    expect(chat.messages.value.map((m) => m.type === 'message' && m.content)).toEqual([
      'while disconnected',
    ])
  })

  it('marks the one message an `unavailable` error names "not sent", and retries a join', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    const ws = FakeWebSocket.last
    ws.open()
    // The join itself met the outage: tried again shortly, on the same connection.
    ws.receive({ type: 'error', sender: '__error__', code: 'unavailable', message: 'later' })
    vi.advanceTimersByTime(2000)
    expect(joins(ws)).toHaveLength(2)
    joinOpen(ws)
    chat.send('one')
    chat.send('two')
    const [one, two] = chats(ws)
    ws.receive({
      type: 'error',
      sender: '__error__',
      code: 'unavailable',
      message: 'The chat is unreachable for a moment',
      client_id: two!.client_id!,
    })
    expect(chat.pending.value.map((p) => [p.content, !!p.unsent])).toEqual([
      ['one', false],
      ['two', true],
    ])
    expect(chat.inputError.value).toBeNull()
    echo(ws, 1, one!)
    chat.retryMessage(two!.client_id!)
    expect(chats(ws).map((c) => c.content)).toEqual(['one', 'two', 'two'])
  })

  it('Retry on a "not sent" message while disconnected reconnects at once and sends it', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    joinOpen(FakeWebSocket.last)
    outage()
    chat.send('hello?')
    const before = FakeWebSocket.instances.length
    chat.retryMessage(chat.pending.value[0]!.client_id)
    expect(FakeWebSocket.instances.length).toBe(before + 1)
    expect(chat.pending.value[0]!.unsent).toBe(false)
    const ws = FakeWebSocket.last
    joinOpen(ws)
    expect(chats(ws).map((c) => c.content)).toEqual(['hello?'])
  })

  it('says the room was lost when the server comes back without it (4004 on a rejoin)', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    joinOpen(FakeWebSocket.last, 'tok')
    FakeWebSocket.last.serverClose(1012)
    chat.send('written meanwhile')
    vi.advanceTimersByTime(1000)
    FakeWebSocket.last.open()
    FakeWebSocket.last.serverClose(4004)
    expect(chat.phase.value).toBe('lost')
    // What was on its way stays, marked not sent, for the person to copy; no countdown.
    expect(chat.pending.value.map((p) => [p.content, p.unsent])).toEqual([
      ['written meanwhile', true],
    ])
    expect(chat.deadline.value).toBeNull()
    expect(sessionStorage.getItem('chatty:resume:r1')).toBeNull()

    // A link to a room this page never joined is simply not found.
    const other = setup('r2')
    other.chat.enter({ name: 'Alice', avatar: 'fox' })
    FakeWebSocket.last.open()
    FakeWebSocket.last.serverClose(4004)
    expect(other.chat.phase.value).toBe('not-found')
  })

  it('says the room expired when its time ran out while the server was away', () => {
    const { chat } = setup()
    chat.enter({ name: 'Alice', avatar: 'fox' })
    joinOpen(FakeWebSocket.last)
    outage()
    vi.advanceTimersByTime(51 * 60 * 1000)
    FakeWebSocket.last.serverClose(4004)
    expect(chat.phase.value).toBe('expired')
  })
})
