/** The original service's 16 avatar ids: a client written from the seed README sends these. */
export const SEED_AVATAR_IDS = [
  'short-brown',
  'long-black',
  'afro',
  'blonde-side',
  'bald',
  'pink-mohawk',
  'glasses-brown',
  'red-pigtails',
  'beanie-purple',
  'side-swept',
  'blue-short',
  'blonde-headband',
  'big-afro',
  'curly-brown',
  'glasses-long',
  'green-cap',
] as const
