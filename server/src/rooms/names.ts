import {
  ERROR_SENDER,
  SYSTEM_SENDER,
  TYPING_SENDER,
  USER_LIST_SENDER,
  isAvatarId,
} from '../../../protocol/index.js'
import { InvalidAvatar, InvalidName } from './errors.js'
import { nameKey } from './name-key.js'

/**
 * Characters that would let a name hide or rearrange what the others see: controls,
 * format characters (bidi embeddings, overrides and isolates U+202A–202E and
 * U+2066–2069, marks U+200E/F and U+061C, zero-width joiners), every
 * Default_Ignorable_Code_Point (soft hyphen, variation selectors, tag characters,
 * Hangul fillers), line and paragraph separators, private-use, unassigned and lone
 * surrogate code points, and the blank braille pattern U+2800 (drawn as nothing).
 */
const REFUSED =
  /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/u

/** A name must show something: a letter, digit, punctuation or symbol. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u

/** More combining marks on one letter than this stack out of the line ("Zalgo"). */
const MAX_MARKS_IN_A_ROW = 4
const MARK_RUN = new RegExp(`\\p{M}{${MAX_MARKS_IN_A_ROW + 1}}`, 'u')

const RESERVED_KEYS = new Set(
  [SYSTEM_SENDER, USER_LIST_SENDER, TYPING_SENDER, ERROR_SENDER].map(nameKey),
)

export interface CheckedName {
  /** As shown: NFC, trimmed, inner whitespace collapsed. */
  name: string
  /** Its identity in the room (`nameKey`): equal keys cannot be present at once. */
  key: string
}

/** Normalises a display name and computes its key, or throws `InvalidName` saying why. */
export function checkName(raw: string, maxChars: number): CheckedName {
  const name = raw.normalize('NFC').trim().replace(/\s+/gu, ' ')
  if (name === '') throw new InvalidName('Pick a display name.')
  if (name.length > maxChars) {
    throw new InvalidName(`Names can be at most ${maxChars} characters long.`)
  }
  if (REFUSED.test(name)) {
    throw new InvalidName(
      'Names cannot contain invisible or direction-changing characters. Type your name again.',
    )
  }
  if (!VISIBLE.test(name)) throw new InvalidName('A name needs at least one visible character.')
  if (MARK_RUN.test(name)) throw new InvalidName('Too many accents on one letter.')
  const key = nameKey(name)
  // The server's own senders (__system__, __user_list__, ...) look like this, in any script or width.
  if (RESERVED_KEYS.has(key) || /^__.*__$/u.test(name.normalize('NFKC')) || /^__.*__$/u.test(key)) {
    throw new InvalidName('That name is reserved. Pick another.')
  }
  return { name, key }
}

/** Checks an avatar id (kept and relayed as sent); undefined means the initial fallback. */
export function checkAvatar(raw: string | undefined): string {
  const avatar = raw ?? ''
  if (!isAvatarId(avatar)) throw new InvalidAvatar()
  return avatar
}
