import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import type { ClientChat, MessageFrame } from '../../../../protocol/frames'
import type { OpenedMessage } from '../../lib/frame-decryptor'
import { decryptMessage, importRoomKey, newRoomKey } from '../../lib/room-crypto'
import { useRoomChat } from '../useRoomChat'
import { asWebSocket, FakeWebSocket } from './fake-websocket'
import { clientLimits, roomInfo, sealedMessages } from '../../lib/__tests__/fixtures'

const room = roomInfo({ encrypted: true })
const limits = clientLimits()
const chats = (ws: FakeWebSocket) => ws.sent.filter((f) => 'content' in f) as ClientChat[]

async function setup() {
  const key = (await importRoomKey(newRoomKey()))!
  const scope = effectScope()
  const chat = scope.run(() =>
    useRoomChat({ roomId: 'r1', WebSocketImpl: asWebSocket, wsUrl: 'ws://chatty.test/ws/r1' }),
  )!
  chat.setKey(key)
  const message = sealedMessages(key, 'r1', room.created_at)
  const connect = () => {
    const ws = FakeWebSocket.last
    ws.open()
    ws.receive({
      type: 'joined',
      protocol: 1,
      name: 'Alice',
      avatar: 'fox',
      room,
      server_time: room.created_at,
      limits,
    })
    return ws
  }
  return { key, chat, message, connect, stop: () => scope.stop() }
}

/** Until `check` passes: decryption and encryption are real, asynchronous WebCrypto calls. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 5 })

describe('useRoomChat in an encrypted room', () => {
  beforeEach(() => FakeWebSocket.reset())
  afterEach(() => vi.useRealTimers())

  it('shows decrypted history, and a placeholder for what does not decrypt', async () => {
    const t = await setup()
    t.chat.enter({ name: 'Alice', avatar: 'fox' })
    const ws = t.connect()
    const plain: MessageFrame = { ...(await t.message(2, 'Eve', 'x')), content: 'plain text' }
    ws.receive({ type: 'history', messages: [await t.message(1, 'Bob', 'hi Alice'), plain] })
    await until(() => expect(t.chat.messages.value).toHaveLength(2))
    const shown = t.chat.messages.value as OpenedMessage[]
    expect(shown.map((m) => [m.content, m.undecryptable ?? false])).toEqual([
      ['hi Alice', false],
      ['', true],
    ])
    t.stop()
  })

  it('sends only envelopes bound to the room, the name and the quote', async () => {
    const t = await setup()
    t.chat.enter({ name: 'Alice', avatar: 'fox' })
    const ws = t.connect()
    ws.receive({ type: 'history', messages: [await t.message(1, 'Bob', 'lunch?')] })
    await until(() => expect(t.chat.messages.value).toHaveLength(1))
    expect(t.chat.send('MARKER yes', 1)).toBe(true)
    // Shown at once as typed, while it is being sealed and sent.
    expect(t.chat.pending.value.map((p) => p.content)).toEqual(['MARKER yes'])
    await until(() => expect(chats(ws)).toHaveLength(1))
    const [sent] = chats(ws)
    expect(sent!.content).toMatch(/^e1:/)
    expect(JSON.stringify(ws.sent)).not.toContain('MARKER')
    expect(sent!.reply_to).toBe(1)
    const ctx = { room: 'r1', sender: 'Alice', replyTo: 1 }
    expect(await decryptMessage(t.key, ctx, sent!.content)).toBe('MARKER yes')

    // The echo is opened too, and confirms the pending copy.
    ws.receive({
      ...(sent as Required<ClientChat>),
      type: 'message',
      id: 2,
      sender: 'Alice',
      avatar: 'fox',
      timestamp: room.created_at,
      reply_to: { id: 1, sender: 'Bob' },
    } as MessageFrame)
    await until(() => expect(t.chat.pending.value).toEqual([]))
    const echoed = t.chat.messages.value.at(-1) as OpenedMessage
    expect(echoed.content).toBe('MARKER yes')
    expect(echoed.reply_to).toEqual({ id: 1, sender: 'Bob', excerpt: 'lunch?' })
    t.stop()
  })

  it('seals an unconfirmed message again for the next connection and sends it once', async () => {
    const t = await setup()
    t.chat.enter({ name: 'Alice', avatar: 'fox' })
    let ws = t.connect()
    ws.receive({ type: 'history', messages: [] })
    t.chat.send('in flight')
    t.chat.send('second')
    await until(() => expect(chats(ws)).toHaveLength(2))
    const first = chats(ws)
    ws.serverClose(1006)

    t.chat.retry()
    ws = t.connect()
    ws.receive({ type: 'history', messages: [] })
    await until(() => expect(chats(ws)).toHaveLength(2))
    // One more goes out after them (sealing is one chain): nothing was sent twice meanwhile.
    t.chat.send('third')
    await until(() => expect(chats(ws)).toHaveLength(3))
    const again = chats(ws).slice(0, 2)
    expect(again.map((c) => c.client_id)).toEqual(first.map((c) => c.client_id))
    // A fresh IV each time: the resent envelope is not the one sent before.
    expect(again[0]!.content).not.toBe(first[0]!.content)
    expect(await decryptMessage(t.key, { room: 'r1', sender: 'Alice' }, again[1]!.content)).toBe(
      'second',
    )
    t.stop()
  })
})
