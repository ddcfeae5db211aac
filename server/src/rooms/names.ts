import { isAvatarId } from '../../../protocol/index.js'
import { InvalidAvatar, InvalidName } from './errors.js'

// Control characters, zero-width and bidi-override characters: invisible names would let
// one member pass for another.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/

/** Normalises a display name (NFC, trimmed, inner whitespace collapsed) or throws `InvalidName`. */
export function normaliseName(raw: string, maxChars: number): string {
  const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ')
  if (name === '') throw new InvalidName('Pick a display name.')
  if (name.length > maxChars) {
    throw new InvalidName(`Names can be at most ${maxChars} characters long.`)
  }
  if (INVISIBLE.test(name)) throw new InvalidName('Names cannot contain invisible characters.')
  // The server's own senders (__system__, __user_list__, ...) look like this.
  if (/^__.*__$/.test(name)) throw new InvalidName('That name is reserved. Pick another.')
  return name
}

/** Checks an avatar id (kept and relayed as sent); undefined means the initial fallback. */
export function checkAvatar(raw: string | undefined): string {
  const avatar = raw ?? ''
  if (!isAvatarId(avatar)) throw new InvalidAvatar()
  return avatar
}
