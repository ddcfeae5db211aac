import type { ErrorCode } from '../../../protocol/frames'

/**
 * Where an error frame is shown: next to what the person just did. The words are the
 * server's own (`message`); the web app only decides the place. `input`: under the input, and
 * the refused message back in it; `action`: under the input, about a delete, edit or reaction
 * (no message was refused).
 */
export type ErrorPlace = 'name' | 'input' | 'action' | 'page' | 'close' | 'ignore'

export function errorPlace(code: ErrorCode): ErrorPlace {
  switch (code) {
    case 'name_taken':
    case 'invalid_name':
    case 'invalid_avatar':
      return 'name'
    case 'message_too_long':
    case 'rate_limited':
    case 'empty_message':
    case 'reply_not_found':
    case 'invalid_envelope':
    case 'internal':
    case 'not_host':
    case 'member_not_found':
    case 'store_full':
    case 'invalid_timer':
    case 'invitations_full':
      return 'input'
    case 'message_not_found':
    case 'not_author':
    case 'invalid_reaction':
    case 'too_many_reactions':
      return 'action'
    // A close with its own code follows, and the page says it.
    case 'room_locked':
    case 'removed':
    case 'password_required':
    case 'wrong_password':
    case 'too_many_attempts':
    case 'invitation_required':
    case 'invitation_used':
    case 'invitation_revoked':
    case 'invitation_invalid':
      return 'close'
    case 'room_full':
      return 'page'
    default:
      return 'ignore'
  }
}

/**
 * The composer's own check, before anything is sent (the server's limit, from `joined`).
 * Written here once for the counter under the input and for a refused `send()`.
 */
export function tooLongText(maxChars: number): string {
  return `That message is too long. The limit is ${maxChars.toLocaleString()} characters.`
}
