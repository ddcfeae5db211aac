/**
 * A member's chat frame made into the message the room stores: checked (empty, too long, an
 * envelope in an encrypted room), mentions kept only for members present, a reply's quote
 * drawn from the room's history. The room (`room.ts`) adds the rate limit and appends it.
 */
import { randomUUID } from 'node:crypto'
import {
  FILE_META_MAX_CHARS,
  envelopeMaxChars,
  splitEnvelope,
  type ClientChat,
  type MessageFrame,
} from '../../../protocol/index.js'
import type { Store } from '../store/store.js'
import { claimFile, describedFile, plainFileContent } from '../files/file-message.js'
import { EmptyMessage, InvalidEnvelope, MessageTooLong, ReplyNotFound } from './errors.js'
import { replyQuote } from './frames.js'
import type { RoomLimits } from './limits.js'

/** Who sends it, in which room, and the present members' names as spelt (for mentions). */
export interface ChatSender {
  roomId: string
  name: string
  avatar: string
  /** Chat content must be an envelope, and quotes carry no text. */
  encrypted: boolean
  memberName(name: string): string | undefined
}

export async function chatMessage(
  input: ClientChat,
  from: ChatSender,
  store: Pick<Store, 'message' | 'blob' | 'attachBlob'>,
  limits: Pick<RoomLimits, 'messageMaxChars' | 'replyExcerptChars'>,
): Promise<Omit<MessageFrame, 'id'>> {
  let content = input.content
  // A file may go without a caption; its description then says what it is.
  if (content.trim() === '' && !(input.file && !from.encrypted)) throw new EmptyMessage()
  // In an encrypted room the client applies the limit to the text, and the envelope of the
  // longest allowed text (with a file's description, when it has one) is at most this long.
  const sealedChars = limits.messageMaxChars + (input.file ? FILE_META_MAX_CHARS : 0)
  const max = from.encrypted ? envelopeMaxChars(sealedChars) : limits.messageMaxChars
  if (content.length > max) throw new MessageTooLong(limits.messageMaxChars)
  if (from.encrypted && !splitEnvelope(content)) throw new InvalidEnvelope()
  const file = input.file && describedFile(input.file, from.encrypted)
  if (file && !from.encrypted) content = plainFileContent(file, content)

  const draft: Omit<MessageFrame, 'id'> = {
    type: 'message',
    sender: from.name,
    avatar: from.avatar,
    content,
    timestamp: new Date().toISOString(),
  }
  const mentions = presentMentions(input.mentions, from)
  if (mentions.length > 0) draft.mentions = mentions
  if (input.reply_to !== undefined) {
    const quoted = await store.message(from.roomId, input.reply_to)
    if (!quoted || quoted.type !== 'message') throw new ReplyNotFound()
    // An encrypted quote is unreadable here: each client draws it from its own copy.
    draft.reply_to = from.encrypted
      ? { id: quoted.id, sender: quoted.sender }
      : replyQuote(quoted, limits.replyExcerptChars)
  }
  if (input.client_id) draft.client_id = input.client_id
  if (file) {
    // Claimed last, once everything else is known good: a refused message claims nothing.
    await claimFile(store, from.roomId, file, input.client_id ?? randomUUID())
    draft.file = file
  }
  return draft
}

function presentMentions(names: string[] | undefined, from: ChatSender): string[] {
  if (!names?.length) return []
  const found = new Set<string>()
  for (const n of names) {
    const name = from.memberName(n.replace(/^@/, ''))
    if (name) found.add(name)
  }
  return [...found]
}
