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

/** True when `value` is one of the 16 avatar ids or empty (initial fallback). */
export function isAvatar(value: string): value is AvatarId | '' {
  return value === '' || (AVATAR_IDS as readonly string[]).includes(value)
}
