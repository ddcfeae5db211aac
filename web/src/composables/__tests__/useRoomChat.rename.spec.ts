import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import type { ClientChat } from '../../../../protocol/frames'
import { useRoomChat } from '../useRoomChat'
import { asWebSocket, FakeWebSocket } from './fake-websocket'
import { clientLimits, roomInfo } from '../../lib/__tests__/fixtures'

const room = roomInfo()

function inRoom() {
  const scope = effectScope()
  const chat = scope.run(() =>
    useRoomChat({ roomId: 'r1', WebSocketImpl: asWebSocket, wsUrl: 'ws://chatty.test/ws/r1' }),
  )!
  chat.enter({ name: 'Ben', avatar: 'fox' })
  const ws = FakeWebSocket.last
  ws.open()
  ws.receive({
    type: 'joined',
    protocol: 1,
    name: 'Ben',
    avatar: 'fox',
    room,
    server_time: room.created_at,
    limits: clientLimits(),
  })
  ws.receive({ type: 'history', messages: [] })
  return { chat, ws, stop: () => scope.stop() }
}
const chats = (ws: FakeWebSocket) => ws.sent.filter((f) => 'content' in f) as ClientChat[]

describe('useRoomChat: a new name in the room', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    FakeWebSocket.reset()
  })
  afterEach(() => vi.useRealTimers())

  it('asks for it with `rename` on the same socket, and holds messages until it is taken', () => {
    const { chat, ws, stop } = inRoom()
    chat.enter({ name: 'Benjamin', avatar: 'owl' })
    expect(FakeWebSocket.last).toBe(ws)
    expect(ws.sent.at(-1)).toEqual({ type: 'rename', sender: 'Benjamin', avatar: 'owl' })
    chat.send('after the rename')
    expect(chats(ws)).toEqual([])
    ws.receive({ type: 'renamed', name: 'Benjamin', avatar: 'owl' })
    expect(chat.me.value).toEqual({ name: 'Benjamin', avatar: 'owl' })
    expect(chats(ws).map((f) => f.content)).toEqual(['after the rename'])
    stop()
  })

  it('keeps the old name and says why when the new one is refused', () => {
    const { chat, ws, stop } = inRoom()
    chat.enter({ name: 'Ana', avatar: 'fox' })
    chat.send('still from Ben')
    ws.receive({
      type: 'error',
      sender: '__error__',
      code: 'name_taken',
      message: 'Someone in this room is already called "Ana".',
    })
    expect(chat.nameError.value).toContain('already called')
    expect(chat.me.value?.name).toBe('Ben')
    expect(chat.phase.value).toBe('ready')
    expect(chats(ws).map((f) => f.content)).toEqual(['still from Ben'])
    stop()
  })

  it('rejoins under the new name with a server from before `rename`', () => {
    const { chat, ws, stop } = inRoom()
    chat.enter({ name: 'Benjamin', avatar: 'owl' })
    chat.send('after the rename')
    ws.receive({
      type: 'error',
      sender: '__error__',
      code: 'unknown_type',
      message: 'Unknown frame type "rename".',
    })
    const next = FakeWebSocket.last
    expect(next).not.toBe(ws)
    next.open()
    expect(next.sent[0]).toMatchObject({ type: 'join', sender: 'Benjamin', avatar: 'owl' })
    next.receive({
      type: 'joined',
      protocol: 1,
      name: 'Benjamin',
      avatar: 'owl',
      room,
      server_time: room.created_at,
      limits: clientLimits(),
    })
    next.receive({ type: 'history', messages: [] })
    expect(chats(next).map((f) => f.content)).toEqual(['after the rename'])
    stop()
  })
})
