import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import type { ClientFrame, MessageFrame } from '../../../../protocol/frames'
import type { OpenedMessage } from '../../lib/frame-decryptor'
import { sealedJson } from '../../lib/files/__tests__/fixtures'
import {
  decryptMessage,
  decryptReaction,
  encryptReaction,
  importRoomKey,
  newRoomKey,
} from '../../lib/room-crypto'
import { useRoomChat } from '../useRoomChat'
import { asWebSocket, FakeWebSocket } from './fake-websocket'
import { clientLimits, roomInfo, sealedMessages } from '../../lib/__tests__/fixtures'

const limits = clientLimits({ message_max_chars: 100 })
const of = <T extends ClientFrame['type']>(ws: FakeWebSocket, type: T) =>
  ws.sent.filter((f) => f.type === type) as Extract<ClientFrame, { type: T }>[]
/** Until `check` passes: encryption is a real, asynchronous WebCrypto call. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 5 })

async function setup(encrypted = true, serverTime = '2030-01-01T00:00:00.000Z') {
  const key = (await importRoomKey(newRoomKey()))!
  const scope = effectScope()
  const chat = scope.run(() =>
    useRoomChat({ roomId: 'r1', WebSocketImpl: asWebSocket, wsUrl: 'ws://chatty.test/ws/r1' }),
  )!
  if (encrypted) chat.setKey(key)
  const message = sealedMessages(key, 'r1', serverTime)
  chat.enter({ name: 'Alice', avatar: 'fox' })
  const ws = FakeWebSocket.last
  ws.open()
  const room = roomInfo({ encrypted, vanish_seconds: 30 })
  ws.receive({
    type: 'joined',
    protocol: 1,
    name: 'Alice',
    avatar: 'fox',
    room,
    server_time: serverTime,
    limits,
  })
  return { key, chat, ws, message, stop: () => scope.stop() }
}

describe('useRoomChat: deleting, editing, reacting, vanishing', () => {
  beforeEach(() => FakeWebSocket.reset())
  afterEach(() => vi.useRealTimers())

  it('edits one’s own message with an envelope bound as the message was', async () => {
    const t = await setup()
    const mine = await t.message(1, 'Alice', 'meet at 5', { reply_to: { id: 9, sender: 'Bob' } })
    t.ws.receive({ type: 'history', messages: [mine] })
    await until(() => expect(t.chat.messages.value).toHaveLength(1))
    expect(await t.chat.editMessage(1, 'meet at 6')).toBe(true)
    const [edit] = of(t.ws, 'edit')
    expect(edit).toMatchObject({ type: 'edit', id: 1 })
    expect(JSON.stringify(t.ws.sent)).not.toContain('meet at 6')
    const ctx = { room: 'r1', sender: 'Alice', replyTo: 9 }
    expect(await decryptMessage(t.key, ctx, edit!.content)).toBe('meet at 6')

    // The page changes when the server says so, for everyone alike.
    expect((t.chat.messages.value[0] as MessageFrame).content).toBe('meet at 5')
    t.ws.receive({ type: 'edited', message_id: 1, content: edit!.content, edited_at: 'x' })
    await until(() =>
      expect(t.chat.messages.value[0]).toMatchObject({ content: 'meet at 6', edited_at: 'x' }),
    )
    // Unchanged, empty or too long: nothing goes out.
    expect(await t.chat.editMessage(1, 'meet at 6')).toBe(true)
    expect(await t.chat.editMessage(1, '  ')).toBe(false)
    expect(await t.chat.editMessage(1, 'x'.repeat(101))).toBe(false)
    expect(t.chat.inputError.value).toMatch(/too long/)
    expect(of(t.ws, 'edit')).toHaveLength(1)
    t.stop()
  })

  it('edits a file message’s caption, keeping its sealed file', async () => {
    const t = await setup()
    const photo = await t.message(1, 'Alice', sealedJson({}, 'old'), { file: { blob: 'b1' } })
    t.ws.receive({ type: 'history', messages: [photo] })
    await until(() => expect(t.chat.messages.value).toHaveLength(1))
    await t.chat.editMessage(1, '')
    const sealed = await decryptMessage(
      t.key,
      { room: 'r1', sender: 'Alice' },
      of(t.ws, 'edit')[0]!.content,
    )
    expect(JSON.parse(sealed!)).toEqual(JSON.parse(sealedJson({}, '')))
    t.stop()
  })

  it('reacts with a sealed emoji, and takes it back with the same envelope', async () => {
    const t = await setup()
    t.ws.receive({ type: 'history', messages: [await t.message(4, 'Bob', 'lunch?')] })
    await until(() => expect(t.chat.messages.value).toHaveLength(1))
    await t.chat.toggleReaction(4, '👍')
    const [given] = of(t.ws, 'react')
    expect(given).toMatchObject({ type: 'react', id: 4 })
    expect(given).not.toHaveProperty('remove')
    const ctx = { room: 'r1', sender: 'Alice', messageId: 4 }
    expect(await decryptReaction(t.key, ctx, given!.reaction)).toBe('👍')

    const bob = await encryptReaction(t.key, { ...ctx, sender: 'Bob' }, '👍')
    t.ws.receive({
      type: 'reactions',
      message_id: 4,
      reactions: [
        { sender: 'Bob', reaction: bob },
        { sender: 'Alice', reaction: given!.reaction },
      ],
    })
    await until(() =>
      expect((t.chat.messages.value[0] as OpenedMessage).reactions?.map((r) => r.reaction)).toEqual(
        ['👍', '👍'],
      ),
    )
    await t.chat.toggleReaction(4, '👍')
    expect(of(t.ws, 'react')[1]).toEqual({
      type: 'react',
      id: 4,
      reaction: given!.reaction,
      remove: true,
    })
    t.stop()
  })

  it('refuses a seventh reaction of one’s own before sending it', async () => {
    const t = await setup(false)
    const six = ['👍', '❤️', '😂', '😮', '😢', '🙏'].map((reaction) => ({
      sender: 'Alice',
      reaction,
    }))
    t.ws.receive({
      type: 'history',
      messages: [await t.message(4, 'Bob', 'x', { reactions: six })],
    })
    await t.chat.toggleReaction(4, '🎉')
    expect(of(t.ws, 'react')).toEqual([])
    expect(t.chat.inputError.value).toMatch(/at most 6 reactions/)
    // Plain room: the emoji itself, and taking one back.
    await t.chat.toggleReaction(4, '😂')
    expect(of(t.ws, 'react')).toEqual([{ type: 'react', id: 4, reaction: '😂', remove: true }])
    t.stop()
  })

  it('deletes; a refused action is said, and no message is taken back from the outbox', async () => {
    const t = await setup(false)
    t.ws.receive({ type: 'history', messages: [await t.message(4, 'Bob', 'x')] })
    expect(t.chat.deleteMessage(4)).toBe(true)
    expect(t.chat.deleteMessage(99)).toBe(false)
    expect(of(t.ws, 'delete')).toEqual([{ type: 'delete', id: 4 }])
    t.chat.send('on its way')
    t.ws.receive({
      type: 'error',
      sender: '__error__',
      code: 'not_author',
      message: 'Only its author may edit a message.',
    })
    expect(t.chat.inputError.value).toBe('Only its author may edit a message.')
    expect(t.chat.pending.value.map((p) => p.content)).toEqual(['on its way'])
    expect(t.chat.restoredDraft.value).toBeNull()
    t.ws.receive({ type: 'deleted', message_id: 4, by: 'host' })
    expect(t.chat.messages.value).toEqual([])
    t.stop()
  })

  it('sends the timer chosen, and knows the room default', async () => {
    const t = await setup(false)
    t.ws.receive({ type: 'history', messages: [] })
    expect(t.chat.vanishDefault.value).toBe(30)
    t.chat.send('gone soon', undefined, [], 60)
    t.chat.send('kept', undefined, [], 0)
    expect(of(t.ws, 'message').map((m) => m.vanish_seconds)).toEqual([60, 0])
    t.ws.receive({ type: 'room_state', locked: true })
    expect(t.chat.vanishDefault.value).toBe(30)
    t.ws.receive({ type: 'room_state', locked: true, vanish_seconds: 300 })
    expect(t.chat.vanishDefault.value).toBe(300)
    t.chat.setVanishDefault(0)
    expect(of(t.ws, 'room_settings')).toEqual([{ type: 'room_settings', vanish_seconds: 0 }])
    t.stop()
  })

  it('takes a vanishing message off the page at its deadline, by the server’s clock', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    // This device's clock is 10 minutes behind the server's.
    vi.setSystemTime(new Date('2030-01-01T00:00:00.000Z'))
    const t = await setup(false, '2030-01-01T00:10:00.000Z')
    expect(t.chat.clockOffset.value).toBe(10 * 60_000)
    const plain = (id: number, extra: Partial<MessageFrame> = {}): MessageFrame => ({
      type: 'message',
      id,
      sender: 'Bob',
      avatar: 'owl',
      content: `m${id}`,
      timestamp: '2030-01-01T00:10:00.000Z',
      ...extra,
    })
    t.ws.receive({
      type: 'history',
      messages: [
        plain(1, { expires_at: '2030-01-01T00:10:30.000Z' }),
        plain(2),
        plain(3, { expires_at: '2030-01-01T00:11:00.000Z', reply_to: undefined }),
        plain(4, { reply_to: { id: 1, sender: 'Bob', excerpt: 'm1' } }),
      ],
    })
    await vi.advanceTimersByTimeAsync(29_000)
    expect(t.chat.messages.value.map((m) => m.id)).toEqual([1, 2, 3, 4])
    await vi.advanceTimersByTimeAsync(1_000)
    expect(t.chat.messages.value.map((m) => m.id)).toEqual([2, 3, 4])
    expect((t.chat.messages.value[2] as MessageFrame).reply_to).toEqual({
      id: 1,
      sender: 'Bob',
      deleted: true,
    })
    // The server's own `deleted` for it changes nothing more.
    t.ws.receive({ type: 'deleted', message_id: 1, by: 'timer' })
    await vi.advanceTimersByTimeAsync(30_000)
    expect(t.chat.messages.value.map((m) => m.id)).toEqual([2, 4])
    t.stop()
  })
})
