import { SYSTEM_SENDER, type SystemFrame } from '../../../protocol/index.js'

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
