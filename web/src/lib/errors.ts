import type { ErrorCode } from '../../../protocol/frames'

/** Where an error frame is shown: next to what the person just did. */
export type ErrorPlace = 'name' | 'input' | 'page' | 'ignore'

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
    case 'internal':
      return 'input'
    case 'room_full':
      return 'page'
    default:
      return 'ignore'
  }
}

/** The server's refusal in plain words. */
export function plainError(code: ErrorCode, ctx: { name?: string; maxChars?: number } = {}) {
  switch (code) {
    case 'name_taken':
      return ctx.name
        ? `Someone here is already called “${ctx.name}”. Please pick another name.`
        : 'Someone here already has that name. Please pick another.'
    case 'invalid_name':
      return 'That name can’t be used. Use 1 to 32 characters, not only spaces.'
    case 'invalid_avatar':
      return 'That avatar isn’t available. Please pick another one.'
    case 'message_too_long':
      return `That message is too long${ctx.maxChars ? ` (the limit is ${ctx.maxChars.toLocaleString()} characters)` : ''}. Shorten it and send again.`
    case 'rate_limited':
      return 'You’re sending messages too fast. Wait a moment, then send again.'
    case 'empty_message':
      return 'Type something before sending.'
    case 'reply_not_found':
      return 'The message you replied to is no longer there.'
    case 'room_full':
      return 'This room is full.'
    default:
      return 'Something went wrong. Please try again.'
  }
}
