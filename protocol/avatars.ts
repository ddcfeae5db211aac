/**
 * The 16 avatar ids a member may pick. The drawings live in the web app
 * (`web/src/data/avatars.ts`); the server only checks that an id is one of these.
 * An empty avatar (`""`) means "show my initial".
 */
export const AVATAR_IDS = [
  'fox',
  'owl',
  'cat',
  'bear',
  'panda',
  'rabbit',
  'frog',
  'penguin',
  'koala',
  'lion',
  'whale',
  'octopus',
  'robot',
  'alien',
  'cactus',
  'mushroom',
] as const

export type AvatarId = (typeof AVATAR_IDS)[number]

/**
 * What the server accepts as an avatar: any short, safe id, so clients written for the
 * original service (`afro`, `green-cap`, …) join unchanged, and `""` for the initial. The
 * web app draws the ids it knows and the initial for the others.
 */
export const AVATAR_ID_PATTERN = '^[a-z0-9-]{0,32}$'

const AVATAR_ID = new RegExp(AVATAR_ID_PATTERN)

/** True when `value` is an avatar id the server keeps and relays (see `AVATAR_ID_PATTERN`). */
export function isAvatarId(value: unknown): value is string {
  return typeof value === 'string' && AVATAR_ID.test(value)
}
