/** The server frames the domain builds: join/leave notices, `joined`, reply quotes. */
import {
  PROTOCOL_VERSION,
  SERVER_FEATURES,
  SYSTEM_SENDER,
  type JoinedFrame,
  type MessageFrame,
  type ReplyQuote,
  type RoomInfo,
  type SystemFrame,
} from '../../../protocol/index.js'
import type { RoomLimits } from './limits.js'

/** "Alice joined the chat" / "Alice left the chat", as stored in the room's history. */
export function notice(name: string, event: 'join' | 'leave'): Omit<SystemFrame, 'id'> {
  return {
    type: 'system',
    sender: SYSTEM_SENDER,
    content: `${name} ${event === 'join' ? 'joined' : 'left'} the chat`,
    timestamp: new Date().toISOString(),
    event,
    name,
  }
}

/** "Ben is now Benjamin": one notice for a member who changed its name. */
export function renameNotice(from: string, to: string): Omit<SystemFrame, 'id'> {
  return {
    type: 'system',
    sender: SYSTEM_SENDER,
    content: `${from} is now ${to}`,
    timestamp: new Date().toISOString(),
    event: 'rename',
    name: to,
    from,
  }
}

/** "Bob was removed by the host": a leave notice, so clients of every version see Bob go. */
export function removalNotice(name: string): Omit<SystemFrame, 'id'> {
  return { ...notice(name, 'leave'), content: `${name} was removed by the host` }
}

export function joinedFrame(
  member: { name: string; avatar: string; host: boolean },
  room: RoomInfo,
  limits: RoomLimits,
  resumeToken?: string,
  history: { epoch?: string | undefined; recovered?: boolean | undefined } = {},
): JoinedFrame {
  return {
    type: 'joined',
    protocol: PROTOCOL_VERSION,
    name: member.name,
    avatar: member.avatar,
    room,
    server_time: new Date().toISOString(),
    limits: {
      message_max_chars: limits.messageMaxChars,
      name_max_chars: limits.nameMaxChars,
      messages_per_second: limits.messagesPerSecond,
      message_burst: limits.messageBurst,
      typing_throttle_ms: limits.typingThrottleMs,
      ...(limits.maxFileBytes > 0 && { max_file_bytes: limits.maxFileBytes }),
      ...(limits.nameHoldSeconds !== undefined && { name_hold_seconds: limits.nameHoldSeconds }),
    },
    ...(resumeToken && { resume_token: resumeToken }),
    ...(history.epoch && { epoch: history.epoch }),
    ...(history.recovered !== undefined && { recovered: history.recovered }),
    host: member.host,
    // Files only when this server takes them.
    features: SERVER_FEATURES.filter((f) => f !== 'files' || limits.maxFileBytes > 0),
  }
}

/** What a reply carries of the message it quotes: whitespace flattened, cut at `maxChars`. */
export function replyQuote(quoted: MessageFrame, maxChars: number): ReplyQuote {
  const flat = quoted.content.replace(/\s+/g, ' ').trim()
  const excerpt = flat.length > maxChars ? `${flat.slice(0, maxChars - 1)}…` : flat
  return { id: quoted.id, sender: quoted.sender, excerpt }
}
