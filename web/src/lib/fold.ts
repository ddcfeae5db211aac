/**
 * Long messages fold: past `FOLD_CHARS` characters or `FOLD_LINES` lines a message shows its
 * first part and "Show more". Decided from the text, not from a measured height, so it is the
 * same on every screen and at once; what is folded away is left out of the page (no hidden
 * link to tab into).
 */
import type { Segment } from './segments'

export const FOLD_CHARS = 700
export const FOLD_LINES = 12
/** What a folded message still shows: enough to know what it is about. */
export const FOLDED_CHARS = 400
export const FOLDED_LINES = 8

/** True when the message is long enough to fold. */
export function isLong(content: string): boolean {
  if (content.length > FOLD_CHARS) return true
  let lines = 1
  for (const ch of content) if (ch === '\n' && ++lines > FOLD_LINES) return true
  return false
}

/** The first `chars` characters and `lines` lines of `text`, cut after a word where there is one. */
function cut(text: string, chars: number, lines: number): string {
  let seen = 0
  for (let i = 0; i < Math.min(text.length, chars); i++) {
    if (text[i] === '\n' && ++seen >= lines) return text.slice(0, i).trimEnd()
  }
  if (text.length <= chars || /\s/.test(text[chars]!)) return text.slice(0, chars).trimEnd()
  const head = text.slice(0, chars)
  const lastSpace = head.search(/\s\S*$/)
  return (lastSpace > chars / 2 ? head.slice(0, lastSpace) : head).trimEnd()
}

/**
 * The segments a folded message shows: text and code cut at the limit, a link or mention
 * kept whole or left out (never half a link), and nothing after.
 */
export function foldSegments(
  segments: readonly Segment[],
  chars = FOLDED_CHARS,
  lines = FOLDED_LINES,
): Segment[] {
  const out: Segment[] = []
  let charsLeft = chars
  let linesLeft = lines
  for (const seg of segments) {
    const breaks = seg.text.split('\n').length - 1
    if (seg.text.length <= charsLeft && breaks < linesLeft) {
      out.push(seg)
      charsLeft -= seg.text.length
      linesLeft -= breaks
      continue
    }
    if (seg.kind === 'text' || seg.kind === 'code' || seg.kind === 'codeblock') {
      const text = cut(seg.text, charsLeft, linesLeft)
      if (text.trim()) out.push({ kind: seg.kind, text })
    }
    break
  }
  const last = out.at(-1)
  if (last?.kind === 'text') out[out.length - 1] = { ...last, text: last.text.trimEnd() }
  return out
}
