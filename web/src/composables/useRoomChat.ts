import { getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue'
import type {
  ClientLimits,
  ErrorFrame,
  Member,
  MessageFrame,
  RoomInfo,
  ServerFrame,
  StoredFrame,
} from '../../../protocol/frames'
import { CLOSE_CODES } from '../../../protocol/frames'
import { DEFAULT_LIMITS } from '../../../protocol/limits'
import { errorPlace, plainError } from '../lib/errors'
import { findMentions, highestId, mergeById, newClientId } from '../lib/messages'
import { useChatSocket } from './useChatSocket'
import { localDeadline } from './useCountdown'
import type { Identity } from './useIdentity'
import { useTypingNames } from './useTypingNames'

/** A message this person sent that the server has not echoed back yet. */
export interface PendingMessage {
  client_id: string
  content: string
  reply_to?: number
  mentions?: string[]
  timestamp: string
  /** The connection it was last sent on; 0 while queued. Each connection sends it once. */
  sentOn: number
}

export type RoomPhase = 'name' | 'joining' | 'ready' | 'not-found' | 'expired' | 'full' | 'error'

export interface RoomChatOptions {
  roomId: string
  room?: RoomInfo
  onMention?: (message: MessageFrame) => void
  onLive?: (frame: StoredFrame) => void
  WebSocketImpl?: typeof WebSocket
  wsUrl?: string
}

const PING_EVERY_MS = 25_000
const GHOST_RETRY_MS = 2000
const GHOST_RETRIES = 6

/** One person's session in one room: joining, history, live frames, sending, rejoining. */
export function useRoomChat(options: RoomChatOptions) {
  const phase = ref<RoomPhase>('name')
  const pageError = ref('')
  const room = ref<RoomInfo | null>(options.room ?? null)
  const deadline = ref<number | null>(
    options.room ? Date.now() + options.room.ttl_seconds * 1000 : null,
  )
  const me = ref<Member | null>(null)
  const messages = shallowRef<StoredFrame[]>([])
  const pending = ref<PendingMessage[]>([])
  const users = ref<Member[]>([])
  const limits = ref<ClientLimits>({
    message_max_chars: DEFAULT_LIMITS.messageMaxChars,
    name_max_chars: DEFAULT_LIMITS.nameMaxChars,
    messages_per_second: DEFAULT_LIMITS.messagesPerSecond,
    message_burst: DEFAULT_LIMITS.messageBurst,
  })
  const nameError = ref<string | null>(null)
  const inputError = ref<string | null>(null)
  /** Text of a refused message, handed back to the composer. */
  const restoredDraft = ref<string | null>(null)
  const typing = useTypingNames()

  let identity: Identity | null = null
  let connection = 0
  let joined = false
  let everJoined = false
  let awaitingHistory = false
  let ghostRetries = 0
  let ghostTimer: ReturnType<typeof setTimeout> | undefined
  let lastTypingSent = 0

  const defaultUrl = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
    return `${scheme}://${location.host}/ws/${encodeURIComponent(options.roomId)}`
  }
  const socket = useChatSocket({
    url: () => options.wsUrl ?? defaultUrl(),
    WebSocketImpl: options.WebSocketImpl,
    onOpen() {
      connection += 1
      joined = false
      ghostRetries = 0
      sendJoin()
    },
    onFrame: handleFrame,
    onFinalClose(code) {
      joined = false
      if (code === CLOSE_CODES.ROOM_EXPIRED) phase.value = 'expired'
      else if (code === CLOSE_CODES.ROOM_NOT_FOUND) phase.value = 'not-found'
      else if (code === CLOSE_CODES.ROOM_FULL) phase.value = 'full'
      else {
        phase.value = 'error'
        pageError.value = 'This page is not allowed to connect to the chat server.'
      }
    },
  })

  function sendJoin() {
    clearTimeout(ghostTimer)
    if (!identity) {
      phase.value = 'name'
      return
    }
    if (!everJoined) phase.value = 'joining'
    socket.send({
      type: 'join',
      sender: identity.name,
      avatar: identity.avatar,
      ...(everJoined ? { last_id: highestId(messages.value) } : {}),
    })
  }

  function handleFrame(frame: ServerFrame) {
    switch (frame.type) {
      case 'joined':
        joined = true
        everJoined = true
        awaitingHistory = true
        me.value = { name: frame.name, avatar: frame.avatar }
        identity = { name: frame.name, avatar: frame.avatar }
        room.value = frame.room
        deadline.value = localDeadline(frame.room.expires_at, frame.server_time)
        limits.value = frame.limits
        nameError.value = null
        phase.value = 'ready'
        return
      case 'history':
        messages.value = mergeById(messages.value, frame.messages)
        for (const m of frame.messages) if (m.type === 'message') confirm(m)
        awaitingHistory = false
        flushPending()
        return
      case 'message':
        messages.value = mergeById(messages.value, [frame])
        confirm(frame)
        typing.stopped(frame.sender)
        if (frame.sender !== me.value?.name) {
          options.onLive?.(frame)
          if (mentionsMe(frame)) options.onMention?.(frame)
        }
        return
      case 'system':
        messages.value = mergeById(messages.value, [frame])
        if (frame.name !== me.value?.name) options.onLive?.(frame)
        return
      case 'users':
        users.value = frame.content
        return
      case 'typing':
        if (frame.content !== me.value?.name) typing.typing(frame.content)
        return
      case 'error':
        handleError(frame)
        return
      default:
        return
    }
  }

  function mentionsMe(message: MessageFrame): boolean {
    const name = me.value?.name.toLowerCase()
    return !!name && !!message.mentions?.some((n) => n.toLowerCase() === name)
  }

  function confirm(message: MessageFrame) {
    if (!message.client_id) return
    const i = pending.value.findIndex((p) => p.client_id === message.client_id)
    if (i !== -1) pending.value.splice(i, 1)
  }

  function handleError(frame: ErrorFrame) {
    const place = errorPlace(frame.code)
    if (place === 'name') {
      const rejoining = everJoined && identity?.name === me.value?.name
      // After a server restart our previous connection may still hold the name for a moment.
      if (frame.code === 'name_taken' && rejoining && ghostRetries < GHOST_RETRIES) {
        ghostRetries += 1
        ghostTimer = setTimeout(sendJoin, GHOST_RETRY_MS)
        return
      }
      nameError.value = plainError(frame.code, { name: identity?.name })
      identity = null
      if (!joined) {
        phase.value = 'name'
        socket.close()
      }
    } else if (place === 'input') {
      inputError.value = plainError(frame.code, { maxChars: limits.value.message_max_chars })
      // The server answers frames in order, so the refusal is for the oldest one in flight.
      const i = pending.value.findIndex((p) => p.sentOn === connection)
      if (i !== -1) {
        const [refused] = pending.value.splice(i, 1)
        restoredDraft.value = refused!.content
      }
    } else if (place === 'page') {
      phase.value = 'full'
    } else {
      console.warn('chatty: server refused a frame', frame.code, frame.message)
    }
  }

  function flushPending() {
    if (!joined || awaitingHistory) return
    for (const p of pending.value) {
      if (p.sentOn === connection) continue
      const sent = socket.send({
        type: 'message',
        content: p.content,
        client_id: p.client_id,
        ...(p.reply_to ? { reply_to: p.reply_to } : {}),
        ...(p.mentions?.length ? { mentions: p.mentions } : {}),
      })
      if (sent) p.sentOn = connection
    }
  }

  /** Queues and sends a message; false (draft kept) when it cannot be sent as is. */
  function send(content: string, replyTo?: number): boolean {
    if (!content.trim()) return false
    const max = limits.value.message_max_chars
    if (content.length > max) {
      inputError.value = plainError('message_too_long', { maxChars: max })
      return false
    }
    inputError.value = null
    const others = users.value.map((u) => u.name).filter((n) => n !== me.value?.name)
    const mentions = findMentions(content, others)
    pending.value.push({
      client_id: newClientId(),
      content,
      ...(replyTo ? { reply_to: replyTo } : {}),
      ...(mentions.length ? { mentions } : {}),
      timestamp: new Date().toISOString(),
      sentOn: 0,
    })
    flushPending()
    return true
  }

  function notifyTyping() {
    const now = Date.now()
    if (!joined || now - lastTypingSent < DEFAULT_LIMITS.typingThrottleMs) return
    lastTypingSent = now
    socket.send({ type: 'typing' })
  }

  /** Join with a name and avatar, or switch to new ones (a rejoin that keeps history). */
  function enter(next: Identity) {
    const same = identity?.name === next.name && identity?.avatar === next.avatar
    identity = { ...next }
    nameError.value = null
    if (joined) {
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

  const ping = setInterval(() => {
    if (joined) socket.send({ type: 'ping' })
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
    room,
    deadline,
    me,
    messages,
    pending,
    users,
    limits,
    nameError,
    inputError,
    restoredDraft,
    typingNames: typing.names,
    connection: socket.state,
    enter,
    send,
    notifyTyping,
    retry: socket.retry,
    leave,
  }
}

export type RoomChat = ReturnType<typeof useRoomChat>
