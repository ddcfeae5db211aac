import type { ClientFrame, StoredFrame } from '../../../protocol/frames'
import { REACTIONS_PER_MEMBER } from '../../../protocol/codes'
import { tooLongText } from '../lib/errors'
import type { OpenedMessage } from '../lib/frame-decryptor'
import { ownReaction } from '../lib/reactions'
import type { RoomCipher } from '../lib/room-cipher'

export interface MessageActionsOptions {
  send: (frame: ClientFrame) => boolean
  cipher: RoomCipher
  /** The message as the page shows it now (opened). */
  find: (id: number) => StoredFrame | undefined
  myName: () => string | undefined
  /** Frames may go out now: joined, history in. */
  ready: () => boolean
  maxChars: () => number
  /** Why an action could not go out, for the place under the input. */
  onError: (message: string) => void
}

const OFFLINE = 'Not connected to the room right now: try again in a moment.'

/**
 * What a member does to a message already sent: delete it, change its text, react to it or
 * take a reaction back. The page changes when the server's `deleted`, `edited` or `reactions`
 * comes (to everyone alike), never before; a refusal comes as an error frame.
 */
export function useMessageActions(o: MessageActionsOptions) {
  function message(id: number): OpenedMessage | null {
    const m = o.find(id)
    return m?.type === 'message' ? (m as OpenedMessage) : null
  }

  function go(frame: ClientFrame): boolean {
    if (o.ready() && o.send(frame)) return true
    o.onError(OFFLINE)
    return false
  }

  function deleteMessage(id: number): boolean {
    return message(id) !== null && go({ type: 'delete', id })
  }

  /** Sends the new text; false (the editor stays open) when it cannot go as it is. */
  async function editMessage(id: number, text: string): Promise<boolean> {
    const m = message(id)
    if (!m || m.undecryptable) return false
    if (text === m.content) return true
    if (!text.trim() && !m.file) return false
    if (text.length > o.maxChars()) {
      o.onError(tooLongText(o.maxChars()))
      return false
    }
    return go({ type: 'edit', id, content: await o.cipher.sealEdit(m, text) })
  }

  /** Gives the reaction, or takes it back when this member already gave it. */
  async function toggleReaction(id: number, emoji: string): Promise<void> {
    const m = message(id)
    const me = o.myName()
    if (!m || !me) return
    const given = ownReaction(m.reactions, me, emoji)
    if (given) {
      go({ type: 'react', id, reaction: given.wire ?? given.reaction, remove: true })
      return
    }
    if ((m.reactions ?? []).filter((r) => r.sender === me).length >= REACTIONS_PER_MEMBER) {
      o.onError(`You can give one message at most ${REACTIONS_PER_MEMBER} reactions.`)
      return
    }
    go({ type: 'react', id, reaction: await o.cipher.sealReaction(id, me, emoji) })
  }

  return { deleteMessage, editMessage, toggleReaction }
}
