import { computed, getCurrentScope, onScopeDispose, ref, shallowRef, watch } from 'vue'
import type {
  ErrorFrame,
  MessageFrame,
  RoomInfo,
  ServerFrame,
  StoredFrame,
} from '../../../protocol/frames'
import { DEFAULT_LIMITS } from '../../../protocol/limits'
import { fetchRoom, roomSocketUrl } from '../lib/api'
import { applyFrame, initialRoomState, type FrameEffect } from '../lib/apply-frame'
import { errorPlace, tooLongText } from '../lib/errors'
import { openPlainFrame } from '../lib/files/open-file-message'
import { createFrameDecryptor, type FrameDecryptor } from '../lib/frame-decryptor'
import { forgetCreatorToken } from '../lib/host-tokens'
import { joinFrame } from '../lib/join-frame'
import { createJoinRetry } from '../lib/join-retry'
import { findMentions } from '../lib/messages'
import { forgetResumeToken, rememberResumeToken } from '../lib/resume-tokens'
import { encryptMessage } from '../lib/room-crypto'
import { forgetJoined, rememberJoined } from '../lib/room-entry'
import { phaseAfterClose, roomIsGone, type RoomPhase } from '../lib/room-phase'
import { STEPPED_ASIDE, useChatSocket } from './useChatSocket'
import { useFileOutbox, type ChosenFile } from './useFileOutbox'
import { localDeadline } from './useCountdown'
import type { Identity } from './useIdentity'
import { useHostPowers } from './useHostPowers'
import { useOutbox } from './useOutbox'
import { useInvitations } from './useInvitations'
import { useTypingNames } from './useTypingNames'
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

const PING_EVERY_MS = 25_000

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
  let lastTypingSent = 0
  /** Set by `setKey` in an encrypted room: frames are opened, and messages sealed, with it. */
  let roomKey: CryptoKey | null = null
  /**
   * A rename is on its way: messages wait, since in an encrypted room they are sealed for
   * the sender's name, and the server stores them under the name it has when they arrive.
   */
  let renaming = false
  let decryptor: FrameDecryptor | null = null
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
    onFrame: (frame) =>
      decryptor ? decryptor.push(frame, handleFrame) : handleFrame(openPlainFrame(frame)),
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
  const outbox = useOutbox(socket.send)
  const canSend = () => state.value.joined && !state.value.awaitingHistory && !renaming
  const files = useFileOutbox({
    roomId: options.roomId,
    send: socket.send,
    ready: canSend,
    connection: () => connection,
    roomKey: () => roomKey,
    sender: () => state.value.me?.name ?? '',
    maxFileBytes: () => state.value.limits.max_file_bytes,
    onError: (message) => (inputError.value = message),
  })
  const markUnsent = () => (outbox.markUnsent(), files.markUnsent())
  // The quick reconnects ran out: what is still on its way is "not sent", for the person to
  // retry or discard (the socket keeps trying slowly meanwhile).
  watch(socket.state, (s) => s === 'disconnected' && markUnsent())
  const host = useHostPowers(
    () => state.value.joined,
    () => state.value.room?.locked === true,
    socket,
  )

  function sendJoin() {
    joinRetry.cancel()
    if (!identity) {
      phase.value = 'name'
      return
    }
    if (!state.value.everJoined) phase.value = 'joining'
    socket.send({ ...joinFrame(options.roomId, identity, state.value), ...access })
  }

  const invitations = useInvitations(socket.send)

  function handleFrame(frame: ServerFrame) {
    if (files.handle(frame)) return
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
        rememberJoined(options.roomId, deadline.value)
        // Spent, or not needed: this browser comes back as a member from now on.
        if (access.invitation) access = { ...access, invitation: undefined }
        nameError.value = null
        phase.value = 'ready'
        return
      }
      case 'confirmed':
        files.confirm(effect.clientId)
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
      if (frame.client_id) outbox.markUnsent(frame.client_id)
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
      const refusedMessage = outbox.takeRefused(connection)
      if (refusedMessage) restoredDraft.value = refusedMessage.content
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

  function flush() {
    if (!canSend()) return
    files.flush()
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

  /**
   * Queues and sends a message, or with files one message per file (the text as the first
   * one's caption); false (draft kept) when it cannot be sent as is.
   */
  function send(content: string, replyTo?: number, attached: ChosenFile[] = []): boolean {
    if (!content.trim() && !attached.length) return false
    const { limits, users, me } = state.value
    if (content.length > limits.message_max_chars) {
      inputError.value = tooLongText(limits.message_max_chars)
      return false
    }
    inputError.value = null
    const others = users.map((u) => u.name).filter((n) => n !== me?.name)
    const mentions = findMentions(content, others)
    if (attached.length) files.queue(attached, content.trim() && content, replyTo, mentions)
    else outbox.queue(content, replyTo, mentions)
    flush()
    if (socket.state.value === 'disconnected') markUnsent()
    return true
  }

  /** Retry on a "not sent" message: it goes out now, or with the reconnect this starts. */
  function retryMessage(clientId: string) {
    outbox.resend(clientId)
    files.retry(clientId)
    if (socket.state.value === 'disconnected') socket.retry()
    else flush()
  }

  function notifyTyping() {
    const now = Date.now()
    const every = state.value.limits.typing_throttle_ms ?? DEFAULT_LIMITS.typingThrottleMs
    if (!state.value.joined || now - lastTypingSent < every) return
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

  const ping = setInterval(() => {
    if (state.value.joined) socket.send({ type: 'ping' })
  }, PING_EVERY_MS)

  function leave() {
    clearInterval(ping)
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
    messages: computed(() => state.value.messages),
    pending: outbox.pending,
    /** File messages on their way: progress, Cancel, or Retry and Discard. */
    pendingFiles: files.pending,
    users: computed(() => state.value.users),
    limits: computed(() => state.value.limits),
    nameError,
    inputError,
    restoredDraft,
    typingNames: typing.names,
    connection: socket.state,
    enter,
    stepAside,
    setKey,
    /** What the joins carry past the room's gates (`useAccessGates`). */
    setAccess: (next: JoinAccess) => (access = { ...next }),
    send,
    retryMessage,
    discardMessage: (clientId: string) => (outbox.discard(clientId), files.discard(clientId)),
    notifyTyping,
    setLocked: host.setLocked,
    /** The host's invitations and invitation-only switch (`useInvitations`). */
    invitations,
    invitationOnly: computed(() => state.value.room?.invitation_only === true),
    removeMember: host.removeMember,
    destroyRoom: host.destroyRoom,
    retry: socket.retry,
    leave,
  }
}

export type RoomChat = ReturnType<typeof useRoomChat>
