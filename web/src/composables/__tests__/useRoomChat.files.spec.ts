import { beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { fileStandIn } from '../../../../protocol/files'
import type { MessageFrame } from '../../../../protocol/frames'
import { clientLimits, roomInfo, sealedMessages } from '../../lib/__tests__/fixtures'
import { sealedJson } from '../../lib/files/__tests__/fixtures'
import { attachmentOf } from '../../lib/files/open-file-message'
import { importRoomKey, newRoomKey } from '../../lib/room-crypto'
import { useRoomChat } from '../useRoomChat'
import { asWebSocket, FakeWebSocket } from './fake-websocket'

function connect(encrypted: boolean) {
  const room = roomInfo({ encrypted })
  const ws = FakeWebSocket.last
  ws.open()
  ws.receive({
    type: 'joined',
    protocol: 1,
    name: 'Alice',
    avatar: 'fox',
    room,
    server_time: room.created_at,
    limits: clientLimits(),
  })
  return ws
}

function start(onMention: (m: MessageFrame) => void = () => {}) {
  const scope = effectScope()
  const chat = scope.run(() =>
    useRoomChat({
      roomId: 'r1',
      WebSocketImpl: asWebSocket,
      wsUrl: 'ws://chatty.test/ws/r1',
      onMention,
    }),
  )!
  chat.enter({ name: 'Alice', avatar: 'fox' })
  return { chat, stop: () => scope.stop() }
}

describe('useRoomChat with file messages', () => {
  beforeEach(() => FakeWebSocket.reset())

  it('in a plain room: the file from the frame, the caption without the stand-in line', () => {
    const mentioned: MessageFrame[] = []
    const { chat, stop } = start((m) => mentioned.push(m))
    const ws = connect(false)
    const file = { blob: 'b1', name: 'q3.pdf', type: 'application/pdf', size: 300_000 }
    const base = { type: 'message', sender: 'Bob', avatar: 'owl', timestamp: '' } as const
    ws.receive({
      type: 'history',
      messages: [{ ...base, id: 1, content: `${fileStandIn(file)}\nfor you`, file }],
    })
    // A reply with a file and no caption still reaches the person it answers.
    ws.receive({
      ...base,
      id: 2,
      content: fileStandIn(file),
      file: { ...file, blob: 'b2' },
      reply_to: { id: 1, sender: 'Alice', excerpt: '' },
    })
    const shown = chat.messages.value as MessageFrame[]
    expect(shown.map((m) => [m.content, attachmentOf(m)?.blob])).toEqual([
      ['for you', 'b1'],
      ['', 'b2'],
    ])
    expect(mentioned.map((m) => m.id)).toEqual([2])
    stop()
  })

  it('in an encrypted room: the file and caption from inside the envelope', async () => {
    const key = (await importRoomKey(newRoomKey()))!
    const { chat, stop } = start()
    chat.setKey(key)
    const ws = connect(true)
    const message = sealedMessages(key, 'r1', '2030-01-01T00:00:00.000Z')
    ws.receive({
      type: 'history',
      messages: [await message(1, 'Bob', sealedJson({}, 'look'), { file: { blob: 'b1' } })],
    })
    await vi.waitFor(() => expect(chat.messages.value).toHaveLength(1))
    const [shown] = chat.messages.value as MessageFrame[]
    expect(shown!.content).toBe('look')
    expect(attachmentOf(shown!)).toMatchObject({ blob: 'b1', name: 'photo.jpg' })
    stop()
  })
})
