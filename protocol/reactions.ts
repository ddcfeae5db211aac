/**
 * What a reaction is: one emoji (a pictograph, a flag, a keycap, with their joiners and
 * modifiers), never text. A plain room's server checks it on `react`; in an encrypted room
 * the server cannot, so every client checks what a reaction envelope opened to before
 * showing it.
 */

/** The longest emoji sequence a reaction may be, in UTF-16 code units. */
export const REACTION_MAX_CHARS = 32

// The class lists the joiner (U+200D), the variation selector and the keycap one by one, on
// purpose: they are what may follow the first pictograph.
const EMOJI =
  // eslint-disable-next-line no-misleading-character-class
  /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3)(?:[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\uFE0F\u200D\u20E3])*$/u

/** Whether `text` is one emoji a member may react with. */
export function isReactionEmoji(text: string): boolean {
  return text.length <= REACTION_MAX_CHARS && EMOJI.test(text)
}
