/**
 * What a member does to a message already sent (`store/message-edits.ts` keeps it): delete it
 * (the author, or the host any), edit its text (the author), react to it or take a reaction
 * back (anyone). Each is checked like a new message is, and answered with a typed error.
 */
import {
  FILE_META_MAX_CHARS,
  REACTION_ENVELOPE_MAX_CHARS,
  REACTIONS_PER_MEMBER,
  REACTIONS_PER_MESSAGE,
  envelopeMaxChars,
  isReactionEmoji,
  splitEnvelope,
  type ClientEdit,
  type ClientReact,
  type MessageFrame,
  type Reaction,
} from '../../../protocol/index.js'
import { plainFileContent } from '../files/file-message.js'
import type { Store } from '../store/store.js'
import {
  EmptyMessage,
  InvalidEnvelope,
  InvalidReaction,
  MessageNotFound,
  MessageTooLong,
  NotAuthor,
  TooManyReactions,
} from './errors.js'
import { replyQuote } from './frames.js'
import type { RoomLimits } from './limits.js'
import type { Member } from './member.js'

type Limits = Pick<RoomLimits, 'messageMaxChars' | 'replyExcerptChars'>

/** Deletes a message for everyone (its file too); the author's own, or the host's choice. */
export async function deleteMessage(
  store: Pick<Store, 'message' | 'edits' | 'files'>,
  member: Member,
  id: number,
): Promise<void> {
  const message = await store.message(member.roomId, id)
  if (message?.type !== 'message') throw new MessageNotFound()
  const own = message.sender === member.name
  if (!own && !member.host) throw new NotAuthor('delete')
  const by = own ? 'author' : 'host'
  const removed = await store.edits.remove(member.roomId, id, {
    type: 'deleted',
    message_id: id,
    by,
  })
  if (!removed) throw new MessageNotFound()
  if (removed.type === 'message' && removed.file) {
    await store.files.deleteBlob(member.roomId, removed.file.blob)
  }
}

/** Replaces the text of one's own message; history keeps only the new one. */
export async function editMessage(
  store: Pick<Store, 'edits'>,
  member: Member,
  input: ClientEdit,
  limits: Limits,
): Promise<void> {
  const editedAt = new Date().toISOString()
  const changed = await store.edits.update(
    member.roomId,
    input.id,
    (message) => {
      if (message.sender !== member.name) throw new NotAuthor('edit')
      return {
        ...message,
        content: newContent(message, input.content, member, limits),
        edited_at: editedAt,
      }
    },
    (message) => ({
      type: 'edited',
      message_id: message.id,
      content: message.content,
      edited_at: editedAt,
    }),
    // Replies quote the new text; an encrypted room's quotes carry none.
    member.encrypted ? undefined : (message) => replyQuote(message, limits.replyExcerptChars),
  )
  if (!changed) throw new MessageNotFound()
}

/** The message's new content, checked as a new message's would be. */
function newContent(message: MessageFrame, text: string, member: Member, limits: Limits): string {
  if (member.encrypted) {
    const max = envelopeMaxChars(limits.messageMaxChars + (message.file ? FILE_META_MAX_CHARS : 0))
    if (text.length > max) throw new MessageTooLong(limits.messageMaxChars)
    if (!splitEnvelope(text)) throw new InvalidEnvelope()
    return text
  }
  if (text.length > limits.messageMaxChars) throw new MessageTooLong(limits.messageMaxChars)
  if (message.file) return plainFileContent(message.file, text)
  if (text.trim() === '') throw new EmptyMessage()
  return text
}

/** Adds a reaction, or takes one back; everyone gets the message's new list. */
export async function react(
  store: Pick<Store, 'edits'>,
  member: Member,
  input: ClientReact,
): Promise<void> {
  checkReaction(input.reaction, member.encrypted)
  const changed = await store.edits.update(
    member.roomId,
    input.id,
    (message) => ({ ...message, reactions: nextReactions(message, member.name, input) }),
    (message) => ({
      type: 'reactions',
      message_id: message.id,
      reactions: message.reactions ?? [],
    }),
  )
  if (!changed) throw new MessageNotFound()
}

function nextReactions(message: MessageFrame, sender: string, input: ClientReact): Reaction[] {
  const list = message.reactions ?? []
  const same = (r: Reaction) => r.sender === sender && r.reaction === input.reaction
  if (input.remove) return list.filter((r) => !same(r))
  if (list.some(same)) return list
  const mine = list.filter((r) => r.sender === sender).length
  if (mine >= REACTIONS_PER_MEMBER || list.length >= REACTIONS_PER_MESSAGE) {
    throw new TooManyReactions()
  }
  return [...list, { sender, reaction: input.reaction }]
}

function checkReaction(reaction: string, encrypted: boolean): void {
  const ok = encrypted
    ? reaction.length <= REACTION_ENVELOPE_MAX_CHARS && splitEnvelope(reaction) !== null
    : isReactionEmoji(reaction)
  if (!ok) throw new InvalidReaction()
}
