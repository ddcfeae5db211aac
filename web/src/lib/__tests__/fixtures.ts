/** Fixtures the web's specs share: a room, its limits, and sealed messages of an encrypted room. */
import type { ClientLimits, MessageFrame, RoomInfo } from '../../../../protocol/frames'
import { encryptMessage } from '../room-crypto'

/** Room `r1`, an hour long, created 2030-01-01T00:00Z. */
export const roomInfo = (overrides: Partial<RoomInfo> = {}): RoomInfo => ({
  room_id: 'r1',
  created_at: '2030-01-01T00:00:00.000Z',
  expires_at: '2030-01-01T01:00:00.000Z',
  ttl_seconds: 3600,
  encrypted: false,
  ...overrides,
})

export const clientLimits = (overrides: Partial<ClientLimits> = {}): ClientLimits => ({
  message_max_chars: 20,
  name_max_chars: 32,
  messages_per_second: 5,
  message_burst: 10,
  ...overrides,
})

/** Builds `message` frames whose content is sealed with `key` for `room`, as a sender's browser would. */
export function sealedMessages(key: CryptoKey, room: string, timestamp: string, avatar = 'owl') {
  return async (
    id: number,
    sender: string,
    text: string,
    extra: Partial<MessageFrame> = {},
  ): Promise<MessageFrame> => ({
    type: 'message',
    id,
    sender,
    avatar,
    content: await encryptMessage(key, { room, sender, replyTo: extra.reply_to?.id }, text),
    timestamp,
    ...extra,
  })
}
