import type {
  ClientLimits,
  ErrorFrame,
  JoinedFrame,
  Member,
  MessageFrame,
  RoomInfo,
  ServerFrame,
  StoredFrame,
} from '../../../protocol/frames'
import { DEFAULT_LIMITS } from '../../../protocol/limits'
import type { OpenedEdit } from './frame-decryptor'
import { withEdit, withoutMessage, withReactions } from './message-lifecycle'
import { mergeById, resynced } from './messages'

/** What one connection to a room knows, as far as the server's frames decide it. */
export interface RoomState {
  /** The current connection has been accepted (`joined` seen); reset by the socket on open/close. */
  joined: boolean
  /** Some connection was accepted once: later joins are rejoins that ask for `last_id`. */
  everJoined: boolean
  /** Between `joined` and `history`: nothing may be sent yet, or it could be doubled. */
  awaitingHistory: boolean
  me: Member | null
  /** This member proved the creator token (from `joined`). */
  host: boolean
  room: RoomInfo | null
  limits: ClientLimits
  messages: StoredFrame[]
  users: Member[]
  /** The room's history generation from the last `joined`, sent back with `last_id`. */
  epoch?: string
  /**
   * The `last_id` the latest rejoin sent (`join-frame`): its history is the server's copy of
   * every message after it, and puts right those held here (`resynced`).
   */
  rejoinAfter?: number | undefined
}

/**
 * What the caller must do about a frame beyond the new state: the parts that touch timers,
 * the socket, the outbox or the page. In the order they must happen.
 */
export type FrameEffect =
  | { type: 'joined'; frame: JoinedFrame }
  /** The server stored a message this client sent: it leaves the outbox. */
  | { type: 'confirmed'; clientId: string }
  /** The history is in: queued messages can go out without being doubled. */
  | { type: 'flush' }
  | { type: 'typing'; name: string }
  | { type: 'typing-stopped'; name: string }
  /** A live message or notice from someone else (for the screen reader and the unread count). */
  | { type: 'live'; frame: StoredFrame }
  /** A message that mentions this member or replies to them (sound, notification). */
  | { type: 'mention'; frame: MessageFrame }
  | { type: 'refused'; frame: ErrorFrame }
  /** The server took this member's new name or avatar (`rename`). */
  | { type: 'renamed'; me: Member }

export interface Applied {
  state: RoomState
  effects: FrameEffect[]
}

/** Before the first `joined`: the protocol's default limits, until the server sends its own. */
export function initialRoomState(room: RoomInfo | null = null): RoomState {
  return {
    joined: false,
    everJoined: false,
    awaitingHistory: false,
    me: null,
    host: false,
    room,
    limits: {
      message_max_chars: DEFAULT_LIMITS.messageMaxChars,
      name_max_chars: DEFAULT_LIMITS.nameMaxChars,
      messages_per_second: DEFAULT_LIMITS.messagesPerSecond,
      message_burst: DEFAULT_LIMITS.messageBurst,
    },
    messages: [],
    users: [],
  }
}

/**
 * One server frame applied to the room state, without touching `state`: the next state and
 * the effects to run. Frames the web app does not act on (`pong`, or a type from a newer
 * server) leave the state as it is.
 */
export function applyFrame(state: RoomState, frame: ServerFrame): Applied {
  switch (frame.type) {
    case 'joined':
      return {
        state: {
          ...state,
          joined: true,
          everJoined: true,
          awaitingHistory: true,
          me: { name: frame.name, avatar: frame.avatar },
          host: frame.host === true,
          room: frame.room,
          limits: frame.limits,
          ...(frame.epoch && { epoch: frame.epoch }),
          // Another epoch: the ids held here may name other messages; the history that
          // follows is the whole room, and replaces what is held.
          ...(frame.recovered === false && { messages: [] }),
        },
        effects: [{ type: 'joined', frame }],
      }
    case 'history':
      return {
        state: {
          ...state,
          // A rejoin's history is the server's copy of the latest messages held here too.
          messages:
            state.rejoinAfter !== undefined
              ? resynced(state.messages, frame.messages, state.rejoinAfter)
              : mergeById(state.messages, frame.messages),
          awaitingHistory: false,
          rejoinAfter: undefined,
        },
        effects: [...frame.messages.flatMap(confirmation), { type: 'flush' }],
      }
    case 'message': {
      const effects: FrameEffect[] = [
        ...confirmation(frame),
        { type: 'typing-stopped', name: frame.sender },
      ]
      if (frame.sender !== state.me?.name) {
        effects.push({ type: 'live', frame })
        if (addressedTo(frame, state.me)) effects.push({ type: 'mention', frame })
      }
      return { state: { ...state, messages: mergeById(state.messages, [frame]) }, effects }
    }
    case 'system':
      return {
        state: { ...state, messages: mergeById(state.messages, [frame]) },
        effects: frame.name !== state.me?.name ? [{ type: 'live', frame }] : [],
      }
    case 'users':
      return { state: { ...state, users: frame.content }, effects: [] }
    case 'typing':
      return {
        state,
        effects: frame.content !== state.me?.name ? [{ type: 'typing', name: frame.content }] : [],
      }
    case 'error':
      return { state, effects: [{ type: 'refused', frame }] }
    case 'renamed': {
      const me = { name: frame.name, avatar: frame.avatar }
      return { state: { ...state, me }, effects: [{ type: 'renamed', me }] }
    }
    case 'room_state': {
      // A lock change may leave the timer and invitation only out: the room keeps what it has.
      const vanish = frame.vanish_seconds
      const room = state.room && {
        ...state.room,
        locked: frame.locked,
        ...(vanish !== undefined && { vanish_seconds: vanish }),
        // Absent: unchanged (a lock does not say it).
        ...(frame.invitation_only !== undefined && { invitation_only: frame.invitation_only }),
      }
      return { state: { ...state, room }, effects: [] }
    }
    case 'deleted':
      return {
        state: { ...state, messages: withoutMessage(state.messages, frame.message_id) },
        effects: [],
      }
    case 'edited':
      // Opened before it gets here (`frame-decryptor`, `openPlainFrame`).
      return {
        state: { ...state, messages: withEdit(state.messages, frame as OpenedEdit) },
        effects: [],
      }
    case 'reactions':
      return {
        state: {
          ...state,
          messages: withReactions(state.messages, frame.message_id, frame.reactions),
        },
        effects: [],
      }
    default:
      return { state, effects: [] }
  }
}

function confirmation(message: StoredFrame): FrameEffect[] {
  return message.type === 'message' && message.client_id
    ? [{ type: 'confirmed', clientId: message.client_id }]
    : []
}

/** A message that mentions `me` or replies to one of my messages. */
function addressedTo(message: MessageFrame, me: Member | null): boolean {
  const name = me?.name.toLowerCase()
  if (!name) return false
  if (message.reply_to?.sender.toLowerCase() === name) return true
  return !!message.mentions?.some((n) => n.toLowerCase() === name)
}
