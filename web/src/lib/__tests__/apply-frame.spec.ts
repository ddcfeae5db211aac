import { describe, expect, it } from 'vitest'
import type {
  ErrorFrame,
  JoinedFrame,
  MessageFrame,
  ServerFrame,
  SystemFrame,
} from '../../../../protocol/frames'
import { DEFAULT_LIMITS } from '../../../../protocol/limits'
import { applyFrame, initialRoomState, type RoomState } from '../apply-frame'
import { clientLimits, roomInfo } from './fixtures'

const room = roomInfo()
const limits = clientLimits({ name_max_chars: 10, messages_per_second: 1, message_burst: 2 })
const joined: JoinedFrame = {
  type: 'joined',
  protocol: 1,
  name: 'Alice',
  avatar: 'afro',
  room,
  server_time: '2030-01-01T00:10:00.000Z',
  limits,
}
const msg = (id: number, extra: Partial<MessageFrame> = {}): MessageFrame => ({
  type: 'message',
  id,
  sender: 'Bob',
  avatar: 'owl',
  content: `m${id}`,
  timestamp: room.created_at,
  ...extra,
})
const notice = (id: number, name: string): SystemFrame => ({
  type: 'system',
  id,
  sender: '__system__',
  content: `${name} joined the chat`,
  timestamp: room.created_at,
  event: 'join',
  name,
})

/** The state after `joined` and an empty history: a member in the room. */
function inRoom(): RoomState {
  const afterJoin = applyFrame(initialRoomState(), joined).state
  return applyFrame(afterJoin, { type: 'history', messages: [] }).state
}

/** Applies a frame and checks that the state it was given is left as it was. */
function apply(state: RoomState, frame: ServerFrame) {
  const before = structuredClone(state)
  const result = applyFrame(state, frame)
  expect(state).toEqual(before)
  return result
}

describe('applyFrame', () => {
  it('starts from the protocol defaults, before any server says otherwise', () => {
    const state = initialRoomState(room)
    expect(state.limits.message_max_chars).toBe(DEFAULT_LIMITS.messageMaxChars)
    expect(state.limits.name_max_chars).toBe(DEFAULT_LIMITS.nameMaxChars)
    expect(state.room).toBe(room)
    expect([state.joined, state.everJoined, state.awaitingHistory]).toEqual([false, false, false])
  })

  it('joined: takes name, avatar, room and limits as the server sent them, and waits for history', () => {
    const { state, effects } = apply(initialRoomState(), joined)
    expect(state.me).toEqual({ name: 'Alice', avatar: 'afro' })
    expect(state.room).toEqual(room)
    expect(state.limits).toEqual(limits)
    expect([state.joined, state.everJoined, state.awaitingHistory]).toEqual([true, true, true])
    expect(effects).toEqual([{ type: 'joined', frame: joined }])
  })

  it('joined with recovered: false: keeps the new epoch and reloads the history cleanly', () => {
    let state = applyFrame(initialRoomState(), { ...joined, epoch: 'e1' }).state
    state = applyFrame(state, { type: 'history', messages: [msg(1), msg(2), msg(3)] }).state
    expect(state.epoch).toBe('e1')
    // History was lost: id 2 now names another message, and 3 is gone.
    state = applyFrame(state, { ...joined, epoch: 'e2', recovered: false }).state
    state = applyFrame(state, {
      type: 'history',
      messages: [msg(1), msg(2, { content: 'other' })],
    }).state
    expect(state.epoch).toBe('e2')
    expect(state.messages).toEqual([msg(1), msg(2, { content: 'other' })])
  })

  it('history: merges by id, confirms own messages, then lets the outbox flush', () => {
    const start = { ...applyFrame(initialRoomState(), joined).state, messages: [msg(1), msg(3)] }
    const { state, effects } = apply(start, {
      type: 'history',
      messages: [msg(2, { client_id: 'c2' }), msg(3), notice(4, 'Carol')],
    })
    expect(state.messages.map((m) => m.id)).toEqual([1, 2, 3, 4])
    expect(state.awaitingHistory).toBe(false)
    expect(effects).toEqual([{ type: 'confirmed', clientId: 'c2' }, { type: 'flush' }])
  })

  it('message from someone else: shown live, ends their typing, and rings when it mentions me', () => {
    const frame = msg(1, { mentions: ['ALICE'] })
    const { state, effects } = apply(inRoom(), frame)
    expect(state.messages).toEqual([frame])
    expect(effects).toEqual([
      { type: 'typing-stopped', name: 'Bob' },
      { type: 'live', frame },
      { type: 'mention', frame },
    ])
  })

  it('a reply to one of my messages rings like a mention; a reply to someone else does not', () => {
    const toMe = msg(2, { reply_to: { id: 1, sender: 'alice' } })
    expect(apply(inRoom(), toMe).effects).toContainEqual({ type: 'mention', frame: toMe })
    const toCarol = msg(3, { reply_to: { id: 1, sender: 'Carol' } })
    expect(apply(inRoom(), toCarol).effects.map((e) => e.type)).not.toContain('mention')
  })

  it('message of my own: confirms it, with no live notice and no mention', () => {
    const frame = msg(1, { sender: 'Alice', client_id: 'c1', mentions: ['Alice'] })
    const { state, effects } = apply(inRoom(), frame)
    expect(state.messages).toEqual([frame])
    expect(effects).toEqual([
      { type: 'confirmed', clientId: 'c1' },
      { type: 'typing-stopped', name: 'Alice' },
    ])
  })

  it('message already seen: the list is the same array, so nothing re-renders', () => {
    const state = { ...inRoom(), messages: [msg(1)] }
    expect(apply(state, msg(1)).state.messages).toBe(state.messages)
  })

  it('system: a notice about someone else is live, one about me is not', () => {
    const carol = notice(5, 'Carol')
    const other = apply(inRoom(), carol)
    expect(other.state.messages).toEqual([carol])
    expect(other.effects).toEqual([{ type: 'live', frame: carol }])
    const mine = notice(6, 'Alice')
    expect(apply(inRoom(), mine).effects).toEqual([])
  })

  it('users: replaces the member list, avatars unchanged (drawn or not)', () => {
    const content = [
      { name: 'Alice', avatar: 'afro' },
      { name: 'Bob', avatar: 'owl' },
    ]
    const { state, effects } = apply(inRoom(), { type: 'users', sender: '__user_list__', content })
    expect(state.users).toEqual(content)
    expect(effects).toEqual([])
  })

  it('typing: shows someone else typing, never me', () => {
    const start = inRoom()
    const bob = apply(start, { type: 'typing', sender: '__typing__', content: 'Bob' })
    expect(bob.state).toBe(start)
    expect(bob.effects).toEqual([{ type: 'typing', name: 'Bob' }])
    expect(
      apply(start, { type: 'typing', sender: '__typing__', content: 'Alice' }).effects,
    ).toEqual([])
  })

  it('error: hands the refusal, with the server’s words, to the caller', () => {
    const frame: ErrorFrame = {
      type: 'error',
      sender: '__error__',
      code: 'rate_limited',
      message: 'You are sending messages too fast.',
    }
    const start = inRoom()
    const { state, effects } = apply(start, frame)
    expect(state).toBe(start)
    expect(effects).toEqual([{ type: 'refused', frame }])
  })

  it('pong, and a frame type from a newer server: nothing changes', () => {
    const start = inRoom()
    expect(apply(start, { type: 'pong' })).toEqual({ state: start, effects: [] })
    const future = { type: 'reaction', emoji: '👍' } as unknown as ServerFrame
    expect(apply(start, future)).toEqual({ state: start, effects: [] })
  })
})

describe('applyFrame: what happens to messages already sent', () => {
  const start = (): RoomState => ({
    ...applyFrame(initialRoomState(), joined).state,
    messages: [msg(1), msg(2, { reply_to: { id: 1, sender: 'Bob', excerpt: 'm1' } })],
  })

  it('deleted: the message leaves, and its replies quote a deleted message', () => {
    const { state, effects } = applyFrame(start(), {
      type: 'deleted',
      message_id: 1,
      by: 'timer',
    })
    expect(state.messages.map((m) => m.id)).toEqual([2])
    expect((state.messages[0] as MessageFrame).reply_to).toEqual({
      id: 1,
      sender: 'Bob',
      deleted: true,
    })
    expect(effects).toEqual([])
  })

  it('edited: the new text, marked edited, in its replies too', () => {
    const edited_at = '2030-01-01T00:20:00.000Z'
    const { state } = applyFrame(start(), {
      type: 'edited',
      message_id: 1,
      content: 'better words',
      edited_at,
    })
    expect(state.messages[0]).toMatchObject({ content: 'better words', edited_at })
    expect((state.messages[1] as MessageFrame).reply_to?.excerpt).toBe('better words')
  })

  it('reactions: the whole new list', () => {
    const reactions = [{ sender: 'Alice', reaction: '🙏' }]
    const { state } = applyFrame(start(), { type: 'reactions', message_id: 2, reactions })
    expect((state.messages[1] as MessageFrame).reactions).toEqual(reactions)
  })

  it('room_state: the default timer changes, and a lock without one keeps it', () => {
    const timed = applyFrame(start(), { type: 'room_state', locked: false, vanish_seconds: 60 })
    expect(timed.state.room).toMatchObject({ locked: false, vanish_seconds: 60 })
    const locked = applyFrame(timed.state, { type: 'room_state', locked: true })
    expect(locked.state.room).toMatchObject({ locked: true, vanish_seconds: 60 })
    const off = applyFrame(locked.state, { type: 'room_state', locked: true, vanish_seconds: 0 })
    expect(off.state.room?.vanish_seconds).toBe(0)
  })
})
