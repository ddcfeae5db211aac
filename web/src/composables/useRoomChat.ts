import { computed, getCurrentScope, onScopeDispose, ref, shallowRef, watch } from 'vue'
import type {
  ErrorFrame,
  MessageFrame,
  RoomInfo,
  ServerFrame,
  StoredFrame,
} from '../../../protocol/frames'
import { CLOSE_CODES } from '../../../protocol/frames'
import { DEFAULT_LIMITS } from '../../../protocol/limits'
import { applyFrame, initialRoomState, type FrameEffect } from '../lib/apply-frame'
import { errorPlace, tooLongText } from '../lib/errors'
import { browserToken, creatorToken, forgetCreatorToken } from '../lib/host-tokens'
import { createFrameDecryptor, type FrameDecryptor } from '../lib/frame-decryptor'
import { encryptMessage } from '../lib/room-crypto'
import { findMentions, highestId } from '../lib/messages'
import { useChatSocket } from './useChatSocket'
import { localDeadline } from './useCountdown'
import type { Identity } from './useIdentity'
import { useOutbox } from './useOutbox'
import { useTypingNames } from './useTypingNames'

/** `ended`: the room was there and is gone without expiring (its server restarted). */
export type RoomPhase =
  | 'name'
  | 'joining'
  | 'ready'
  | 'not-found'
  | 'ended'
  | 'expired'
  | 'full'
  | 'closed'
  | 'locked'
  | 'removed'
  | 'error'

export interface RoomChatOptions {
  roomId: string
  room?: RoomInfo
  onMention?: (message: MessageFrame) => void
  onLive?: (frame: StoredFrame) => void
  WebSocketImpl?: typeof WebSocket
  wsUrl?: string
}

const PING_EVERY_MS = 25_000
/** Close codes after which the room no longer exists. */
const ROOM_ENDED: readonly number[] = [
  CLOSE_CODES.ROOM_EXPIRED,
  CLOSE_CODES.ROOM_NOT_FOUND,
  CLOSE_CODES.CLOSED_BY_HOST,
]
/** What the server answers a lock or unlock it did not carry out. */
const LOCK_REFUSALS: readonly string[] = ['not_host', 'unavailable', 'not_joined', 'internal']
const GHOST_RETRY_MS = 2000
/**
 * How long a rejoin keeps retrying its own name: as long as the server says a name can stay
 * held after its connection is gone (`limits.name_hold_seconds` in `joined`: a process that
 * died holds it for at most 7 heartbeats), plus slack for the rejoin itself. Before the
 * first `joined` of this tab, or from an older server: 35 s, the bound at the defaults.
 */
const NAME_HOLD_DEFAULT_SECONDS = 35
const GHOST_RETRY_SLACK_MS = 5_000

/**
 * The resume token of this tab's membership in a room (see the README's quiet reconnects):
 * in sessionStorage, so a reload or a drop of this tab comes back quietly, and another tab is
 * another member. Storage can be unavailable (privacy modes): then there is no quiet return.
 */
const resumeKey = (roomId: string) => `chatty:resume:${roomId}`
function loadResumeToken(roomId: string): string | null {
  try {
    return sessionStorage.getItem(resumeKey(roomId))
  } catch {
    return null
  }
}
function saveResumeToken(roomId: string, token: string | undefined) {
  try {
    if (token) sessionStorage.setItem(resumeKey(roomId), token)
    else sessionStorage.removeItem(resumeKey(roomId))
  } catch {
    // No storage: nothing to keep.
  }
}

/** One person's session in one room: joining, history, live frames, sending, rejoining. */
export function useRoomChat(options: RoomChatOptions) {
  const state = shallowRef(initialRoomState(options.room))
  const phase = ref<RoomPhase>('name')
  const pageError = ref('')
  const deadline = ref<number | null>(
    options.room ? Date.now() + options.room.ttl_seconds * 1000 : null,
  )
  const nameError = ref<string | null>(null)
  const inputError = ref<string | null>(null)
  /** Text of a refused message, handed back to the composer. */
  const restoredDraft = ref<string | null>(null)
  const typing = useTypingNames()
  /**
   * The host's own lock or unlock, shown on its control at once and until the room's state
   * (sent to every member) agrees, or the server refuses it: the host's control never lags
   * behind the badge the others see.
   */
  const lockRequest = ref<boolean | null>(null)

  let identity: Identity | null = null
  let connection = 0
  /** When this connection's rejoin was first refused `name_taken` (0: not yet). */
  let ghostSince = 0
  let ghostTimer: ReturnType<typeof setTimeout> | undefined
  const ghostRetryForMs = () =>
    (state.value.limits.name_hold_seconds ?? NAME_HOLD_DEFAULT_SECONDS) * 1000 +
    GHOST_RETRY_SLACK_MS
  let lastTypingSent = 0
  /** Set by `setKey` in an encrypted room: frames are opened, and messages sealed, with it. */
  let roomKey: CryptoKey | null = null
  let decryptor: FrameDecryptor | null = null

  const setJoined = (joined: boolean) => (state.value = { ...state.value, joined })
  const defaultUrl = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
    return `${scheme}://${location.host}/ws/${encodeURIComponent(options.roomId)}`
  }
  const socket = useChatSocket({
    url: () => options.wsUrl ?? defaultUrl(),
    WebSocketImpl: options.WebSocketImpl,
    onOpen() {
      connection += 1
      setJoined(false)
      ghostSince = 0
      sendJoin()
    },
    onFrame: (frame) => (decryptor ? decryptor.push(frame, handleFrame) : handleFrame(frame)),
    onFinalClose(code) {
      setJoined(false)
      // The room is over for good: its creator token goes too.
      if (ROOM_ENDED.includes(code)) forgetCreatorToken(options.roomId)
      saveResumeToken(options.roomId, undefined)
      if (code === CLOSE_CODES.ROOM_EXPIRED) phase.value = 'expired'
      else if (code === CLOSE_CODES.ROOM_NOT_FOUND) phase.value = roomGone()
      else if (code === CLOSE_CODES.ROOM_FULL) phase.value = 'full'
      else if (code === CLOSE_CODES.CLOSED_BY_HOST) phase.value = 'closed'
      else if (code === CLOSE_CODES.ROOM_LOCKED) phase.value = 'locked'
      else if (code === CLOSE_CODES.REMOVED) phase.value = 'removed'
      else {
        phase.value = 'error'
        pageError.value = 'This page is not allowed to connect to the chat server.'
      }
    },
  })
  const outbox = useOutbox(socket.send)
  // The quick reconnects ran out: what is still on its way is "not sent", for the person to
  // retry or discard (the socket keeps trying slowly meanwhile).
  watch(socket.state, (s) => s === 'disconnected' && outbox.markUnsent())
  watch(socket.state, (s) => s !== 'open' && (lockRequest.value = null))
  watch(
    () => state.value.room?.locked === true,
    (locked) => locked === lockRequest.value && (lockRequest.value = null),
  )

  /**
   * A room this tab was in that the server no longer knows: past its deadline it expired;
   * before it, it ended with its server (a restart of the in-memory store).
   */
  function roomGone(): RoomPhase {
    if (!state.value.everJoined) return 'not-found'
    return deadline.value !== null && deadline.value <= Date.now() ? 'expired' : 'ended'
  }

  function sendJoin() {
    clearTimeout(ghostTimer)
    if (!identity) {
      phase.value = 'name'
      return
    }
    const { everJoined, messages } = state.value
    if (!everJoined) phase.value = 'joining'
    const hostToken = creatorToken(options.roomId)
    const browser = browserToken()
    const token = loadResumeToken(options.roomId)
    socket.send({
      type: 'join',
      sender: identity.name,
      avatar: identity.avatar,
      ...(everJoined ? { last_id: highestId(messages) } : {}),
      ...(hostToken && { creator_token: hostToken }),
      ...(browser && { browser_token: browser }),
      ...(everJoined && state.value.epoch ? { epoch: state.value.epoch } : {}),
      resume: true,
      ...(token ? { resume_token: token } : {}),
    })
  }

  function handleFrame(frame: ServerFrame) {
    const applied = applyFrame(state.value, frame)
    state.value = applied.state
    for (const effect of applied.effects) run(effect)
  }

  function run(effect: FrameEffect) {
    switch (effect.type) {
      case 'joined': {
        const { frame } = effect
        identity = { name: frame.name, avatar: frame.avatar }
        saveResumeToken(options.roomId, frame.resume_token)
        deadline.value = localDeadline(frame.room.expires_at, frame.server_time)
        nameError.value = null
        phase.value = 'ready'
        return
      }
      case 'confirmed':
        return outbox.confirm(effect.clientId)
      case 'flush':
        return flush()
      case 'typing':
        return typing.typing(effect.name)
      case 'typing-stopped':
        return typing.stopped(effect.name)
      case 'live':
        return options.onLive?.(effect.frame)
      case 'mention':
        return options.onMention?.(effect.frame)
      case 'refused':
        return refused(effect.frame)
    }
  }

  function refused(frame: ErrorFrame) {
    // A refused lock or unlock (not the host, the store unreachable): the control shows the
    // room's real state again.
    if (!frame.client_id && LOCK_REFUSALS.includes(frame.code)) lockRequest.value = null
    // The server could not reach its store: that message did not go (it names it), or, before
    // the join went through, the join did not, and is tried again shortly.
    if (frame.code === 'unavailable') {
      if (frame.client_id) outbox.markUnsent(frame.client_id)
      else if (!state.value.joined) {
        ghostSince ||= Date.now()
        if (Date.now() - ghostSince < ghostRetryForMs()) {
          ghostTimer = setTimeout(sendJoin, GHOST_RETRY_MS)
        }
      }
      return
    }
    const place = errorPlace(frame.code)
    if (place === 'name') {
      const { everJoined, joined, me } = state.value
      const rejoining = everJoined && identity?.name === me?.name
      // After a server restart our previous connection may still hold the name for a moment.
      ghostSince ||= Date.now()
      if (frame.code === 'name_taken' && rejoining && Date.now() - ghostSince < ghostRetryForMs()) {
        ghostTimer = setTimeout(sendJoin, GHOST_RETRY_MS)
        return
      }
      nameError.value = frame.message
      identity = null
      if (!joined) {
        phase.value = 'name'
        socket.close()
      }
    } else if (place === 'input') {
      inputError.value = frame.message
      const refusedMessage = outbox.takeRefused(connection)
      if (refusedMessage) restoredDraft.value = refusedMessage.content
    } else if (place === 'close') {
      // The close code that follows decides the page.
    } else if (place === 'page') {
      pageError.value = frame.message
      phase.value = 'full'
    } else {
      console.warn('chatty: server refused a frame', frame.code, frame.message)
    }
  }

  function flush() {
    if (!state.value.joined || state.value.awaitingHistory) return
    const key = roomKey
    if (!key) return outbox.flush(connection)
    // Bound to the name this connection joined with; a later connection seals it again.
    const on = connection
    const sender = state.value.me?.name ?? ''
    outbox.flush(on, async (p) => {
      const ctx = { room: options.roomId, sender, replyTo: p.reply_to }
      const envelope = await encryptMessage(key, ctx, p.content)
      return on === connection ? envelope : null
    })
  }

  /** Makes this an end-to-end encrypted session; call before `enter`. */
  function setKey(key: CryptoKey) {
    roomKey = key
    decryptor = createFrameDecryptor(key, options.roomId)
  }

  /** Queues and sends a message; false (draft kept) when it cannot be sent as is. */
  function send(content: string, replyTo?: number): boolean {
    if (!content.trim()) return false
    const { limits, users, me } = state.value
    if (content.length > limits.message_max_chars) {
      inputError.value = tooLongText(limits.message_max_chars)
      return false
    }
    inputError.value = null
    const others = users.map((u) => u.name).filter((n) => n !== me?.name)
    outbox.queue(content, replyTo, findMentions(content, others))
    flush()
    if (socket.state.value === 'disconnected') outbox.markUnsent()
    return true
  }

  /** Retry on a "not sent" message: it goes out now, or with the reconnect this starts. */
  function retryMessage(clientId: string) {
    outbox.resend(clientId)
    if (socket.state.value === 'disconnected') socket.retry()
    else flush()
  }

  function notifyTyping() {
    const now = Date.now()
    if (
      !state.value.joined ||
      now - lastTypingSent <
        (state.value.limits.typing_throttle_ms ?? DEFAULT_LIMITS.typingThrottleMs)
    )
      return
    lastTypingSent = now
    socket.send({ type: 'typing' })
  }

  /** Join with a name and avatar, or switch to new ones (a rejoin that keeps history). */
  function enter(next: Identity) {
    const same = identity?.name === next.name && identity?.avatar === next.avatar
    identity = { ...next }
    nameError.value = null
    if (state.value.joined) {
      if (same) return
      socket.close()
      socket.connect()
    } else if (socket.state.value === 'open') {
      sendJoin()
    } else if (socket.state.value === 'idle' || socket.state.value === 'disconnected') {
      phase.value = 'joining'
      socket.retry()
    }
  }

  /** Host powers (the server refuses them to anyone else with `not_host`). */
  function setLocked(locked: boolean) {
    if (!state.value.joined) return
    if (locked !== (state.value.room?.locked === true)) lockRequest.value = locked
    else lockRequest.value = null
    socket.send({ type: locked ? 'lock' : 'unlock' })
  }
  function removeMember(name: string) {
    if (state.value.joined) socket.send({ type: 'remove', name })
  }
  function destroyRoom() {
    if (state.value.joined) socket.send({ type: 'destroy' })
  }

  const ping = setInterval(() => {
    if (state.value.joined) socket.send({ type: 'ping' })
  }, PING_EVERY_MS)

  function leave() {
    clearInterval(ping)
    clearTimeout(ghostTimer)
    socket.close()
  }

  if (getCurrentScope()) onScopeDispose(leave)

  return {
    phase,
    pageError,
    /** Writable: the room view fills it from the REST lookup before the socket joins. */
    room: computed({
      get: () => state.value.room,
      set: (room) => (state.value = { ...state.value, room }),
    }),
    deadline,
    me: computed(() => state.value.me),
    host: computed(() => state.value.host),
    locked: computed(() => lockRequest.value ?? state.value.room?.locked === true),
    messages: computed(() => state.value.messages),
    pending: outbox.pending,
    users: computed(() => state.value.users),
    limits: computed(() => state.value.limits),
    nameError,
    inputError,
    restoredDraft,
    typingNames: typing.names,
    connection: socket.state,
    enter,
    setKey,
    send,
    retryMessage,
    discardMessage: outbox.discard,
    notifyTyping,
    setLocked,
    removeMember,
    destroyRoom,
    retry: socket.retry,
    leave,
  }
}

export type RoomChat = ReturnType<typeof useRoomChat>
