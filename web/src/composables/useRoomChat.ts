import { computed, getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue'
import type {
  ErrorFrame,
  MessageFrame,
  RoomInfo,
  ServerFrame,
  StoredFrame,
} from '../../../protocol/frames'
import { fetchRoom, roomSocketUrl } from '../lib/api'
import { applyFrame, initialRoomState, type FrameEffect } from '../lib/apply-frame'
import { errorPlace } from '../lib/errors'
import { forgetCreatorToken } from '../lib/host-tokens'
import { joinFrame } from '../lib/join-frame'
import { createJoinRetry } from '../lib/join-retry'
import { forgetResumeToken, rememberResumeToken } from '../lib/resume-tokens'
import { createRoomCipher } from '../lib/room-cipher'
import { forgetJoined, rememberJoined } from '../lib/room-entry'
import { phaseAfterClose, roomIsGone, type RoomPhase } from '../lib/room-phase'
import { STEPPED_ASIDE, useChatSocket } from './useChatSocket'
import { localDeadline } from './useCountdown'
import type { Identity } from './useIdentity'
import { useHostPowers } from './useHostPowers'
import { useMessageActions } from './useMessageActions'
import { useOutgoing } from './useOutgoing'
import { useRoomSignals } from './useRoomSignals'
import { useTypingNames } from './useTypingNames'
import { useVanishTimers } from './useVanishTimers'
import { useInvitations } from './useInvitations'
import type { JoinAccess } from './useAccessGates'
import { forgetAccessSecret } from '../lib/access-secrets'
import { CLOSE_CODES } from '../../../protocol/frames'

export interface RoomChatOptions {
  roomId: string
  room?: RoomInfo
  onMention?: (message: MessageFrame) => void
  onLive?: (frame: StoredFrame) => void
  WebSocketImpl?: typeof WebSocket
  wsUrl?: string
  /** Whether the server answers again (see useChatSocket); by default, a lookup of the room. */
  probe?: () => Promise<boolean>
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

  let identity: Identity | null = null
  let connection = 0
  const joinRetry = createJoinRetry({
    join: sendJoin,
    nameHoldSeconds: () => state.value.limits.name_hold_seconds,
  })
  /** The server's clock minus ours (from `joined`): message timers run by the server's. */
  const clockOffset = ref(0)
  /** Encrypted once `setKey` is called: frames are opened, and what is sent sealed, with it. */
  const cipher = createRoomCipher(options.roomId)
  /**
   * A rename is on its way: messages wait, since in an encrypted room they are sealed for
   * the sender's name, and the server stores them under the name it has when they arrive.
   */
  let renaming = false
  const find = (id: number) => state.value.messages.find((m) => m.id === id)

  /** What joins carry past the room's gates: its password, an invitation (until joined). */
  let access: JoinAccess = {}
  const setJoined = (joined: boolean) => (state.value = { ...state.value, joined })
  const socket = useChatSocket({
    url: () => options.wsUrl ?? roomSocketUrl(options.roomId),
    WebSocketImpl: options.WebSocketImpl,
    // Any answer about the room means the server is back (a room it lost: the socket's
    // close says so); a failure or a proxy's 5xx, that it is not.
    probe: options.probe ?? (async () => (await fetchRoom(options.roomId)).kind !== 'error'),
    onOpen() {
      connection += 1
      setJoined(false)
      joinRetry.reset()
      sendJoin()
    },
    onFrame: (frame) => cipher.open(frame, handleFrame, find),
    onFinalClose(code) {
      setJoined(false)
      // The room is over for good: its creator token goes too.
      if (roomIsGone(code)) {
        forgetCreatorToken(options.roomId)
        forgetJoined(options.roomId)
      }
      forgetResumeToken(options.roomId)
      if (roomIsGone(code) || code === CLOSE_CODES.PASSWORD) forgetAccessSecret(options.roomId)
      const { everJoined, host } = state.value
      phase.value = phaseAfterClose(code, { everJoined, host, deadline: deadline.value })
      // Nothing goes out any more: what is still on its way is "not sent", for the person to
      // copy from a lost room. A lost room counts down to nothing, and warns of nothing.
      markUnsent()
      if (phase.value === 'lost') deadline.value = null
      if (phase.value === 'error') {
        pageError.value = 'This page is not allowed to connect to the chat server.'
      }
    },
  })
  const canSend = () => state.value.joined && !state.value.awaitingHistory && !renaming
  const outgoing = useOutgoing({
    roomId: options.roomId,
    socket,
    cipher,
    ready: canSend,
    connection: () => connection,
    state: () => state.value,
    setError: (message) => (inputError.value = message),
  })
  const { flush, markUnsent } = outgoing
  const host = useHostPowers(
    () => state.value.joined,
    () => state.value.room?.locked === true,
    socket,
  )
  const signals = useRoomSignals(
    socket.send,
    () => state.value.joined,
    () => state.value.limits.typing_throttle_ms,
  )
  const actions = useMessageActions({
    send: socket.send,
    cipher,
    find,
    myName: () => state.value.me?.name,
    ready: canSend,
    maxChars: () => state.value.limits.message_max_chars,
    onError: (message) => (inputError.value = message),
  })
  // At its deadline a vanishing message leaves the page, as it leaves the server's history.
  useVanishTimers(
    () => state.value.messages,
    () => Date.now() + clockOffset.value,
    (ids) => ids.forEach((id) => handleFrame({ type: 'deleted', message_id: id, by: 'timer' })),
  )

  function sendJoin() {
    joinRetry.cancel()
    if (!identity) {
      phase.value = 'name'
      return
    }
    if (!state.value.everJoined) phase.value = 'joining'
    const join = joinFrame(options.roomId, identity, state.value)
    // Its history will be the server's copy of every message after `last_id` (`resynced`).
    state.value = { ...state.value, rejoinAfter: join.last_id }
    socket.send({ ...join, ...access })
  }

  const invitations = useInvitations(socket.send)

  function handleFrame(frame: ServerFrame) {
    if (outgoing.handle(frame)) return
    if (invitations.handle(frame)) return
    const applied = applyFrame(state.value, frame)
    state.value = applied.state
    for (const effect of applied.effects) run(effect)
  }

  function run(effect: FrameEffect) {
    switch (effect.type) {
      case 'joined': {
        const { frame } = effect
        identity = { name: frame.name, avatar: frame.avatar }
        renaming = false
        rememberResumeToken(options.roomId, frame.resume_token)
        deadline.value = localDeadline(frame.room.expires_at, frame.server_time)
        clockOffset.value = Date.parse(frame.server_time) - Date.now()
        rememberJoined(options.roomId, deadline.value)
        // Spent, or not needed: this browser comes back as a member from now on.
        if (access.invitation) access = { ...access, invitation: undefined }
        nameError.value = null
        phase.value = 'ready'
        return
      }
      case 'confirmed':
        return outgoing.confirm(effect.clientId)
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
      case 'renamed':
        identity = { ...effect.me }
        renaming = false
        nameError.value = null
        return flush()
    }
  }

  function refused(frame: ErrorFrame) {
    host.refused(frame)
    if (renaming && errorPlace(frame.code) === 'name') {
      // The new name was refused: the member keeps the one it has, and is told why.
      renaming = false
      identity = state.value.me && { ...state.value.me }
      nameError.value = frame.message
      flush()
      return
    }
    if (renaming && frame.code === 'unknown_type') {
      // A server from before `rename` (a rolling deploy): change the name by rejoining.
      renaming = false
      socket.close()
      socket.connect()
      return
    }
    // The server could not reach its store: that message did not go (it names it), or, before
    // the join went through, the join did not, and is tried again shortly.
    if (frame.code === 'unavailable' || frame.code === 'store_full') {
      if (frame.client_id) markUnsent(frame.client_id)
      else if (!state.value.joined) joinRetry.retry()
      // Full is not an outage (no banner says it): the reason goes under the input.
      if (frame.code === 'store_full') inputError.value = frame.message
      return
    }
    const place = errorPlace(frame.code)
    if (place === 'name') {
      const { everJoined, joined, me } = state.value
      const rejoining = everJoined && identity?.name === me?.name
      // After a server restart our previous connection may still hold the name for a moment.
      if (frame.code === 'name_taken' && rejoining && joinRetry.retry()) return
      nameError.value = frame.message
      identity = null
      if (!joined) {
        phase.value = 'name'
        socket.close()
      }
    } else if (place === 'input') {
      inputError.value = frame.message
      const refusedMessage = outgoing.takeRefused(connection)
      if (refusedMessage) restoredDraft.value = refusedMessage.content
    } else if (place === 'action') {
      // A refused delete, edit or reaction: said under the input; no message was refused.
      inputError.value = frame.message
    } else if (place === 'close') {
      // The close code that follows decides the page; some pages say the server's words.
      pageError.value = frame.message
    } else if (place === 'page') {
      pageError.value = frame.message
      phase.value = 'full'
    } else {
      console.warn('chatty: server refused a frame', frame.code, frame.message)
    }
  }

  /** Join with a name and avatar, or switch to new ones (a rejoin that keeps history). */
  function enter(next: Identity) {
    const same = identity?.name === next.name && identity?.avatar === next.avatar
    identity = { ...next }
    nameError.value = null
    if (state.value.joined) {
      if (same) return
      // One notice for the others ("Ben is now Benjamin"), not a leave and a join. Offline,
      // the rejoin carries the new name.
      renaming = socket.send({ type: 'rename', sender: next.name, avatar: next.avatar })
      if (!renaming) {
        socket.close()
        socket.connect()
      }
    } else if (socket.state.value === 'open') {
      sendJoin()
    } else if (socket.state.value === 'idle' || socket.state.value === 'disconnected') {
      phase.value = 'joining'
      socket.retry()
    }
  }

  /** Another tab takes this membership over: disconnect without leaving (the name is kept). */
  function stepAside() {
    joinRetry.cancel()
    socket.close(STEPPED_ASIDE)
    setJoined(false)
  }

  function leave() {
    signals.stop()
    joinRetry.cancel()
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
    /** Joined, with the history in: a conversation the browser's own notices can follow. */
    settled: computed(() => state.value.joined && !state.value.awaitingHistory),
    host: computed(() => state.value.host),
    locked: host.locked,
    /** The room's default message timer, in seconds (0: off). */
    vanishDefault: computed(() => state.value.room?.vanish_seconds ?? 0),
    /** The server's clock minus this device's, in ms: for the vanishing messages' countdowns. */
    clockOffset,
    messages: computed(() => state.value.messages),
    pending: outgoing.pending,
    pendingFiles: outgoing.pendingFiles,
    users: computed(() => state.value.users),
    limits: computed(() => state.value.limits),
    nameError,
    inputError,
    restoredDraft,
    typingNames: typing.names,
    connection: socket.state,
    enter,
    stepAside,
    /** Makes this an end-to-end encrypted session; call before `enter`. */
    setKey: (key: CryptoKey) => cipher.setKey(key),
    /** What the joins carry past the room's gates (`useAccessGates`). */
    setAccess: (next: JoinAccess) => (access = { ...next }),
    send: outgoing.send,
    ...actions,
    /** Retry on a "not sent" message: it goes out now, or with the reconnect this starts. */
    retryMessage: outgoing.retry,
    discardMessage: outgoing.discard,
    notifyTyping: signals.notifyTyping,
    setLocked: host.setLocked,
    removeMember: host.removeMember,
    destroyRoom: host.destroyRoom,
    setVanishDefault: host.setVanishDefault,
    /** The host's invitations and invitation-only switch (`useInvitations`). */
    invitations,
    invitationOnly: computed(() => state.value.room?.invitation_only === true),
    retry: socket.retry,
    leave,
  }
}

export type RoomChat = ReturnType<typeof useRoomChat>
