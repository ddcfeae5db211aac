/** A piece of a message's text, rendered by the template with text interpolation only. */
export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string; name: string }
  /** `inline code`, without its backticks. */
  | { kind: 'code'; text: string }
  /** A ``` fenced block ```, without its fences. */
  | { kind: 'codeblock'; text: string }

/**
 * Top-level domains common enough that `name.<tld>/path` is surely an address. Left out on
 * purpose: those that are also file extensions people write (md, sh, py, rs, pl, so, zip, mov),
 * so `README.md` or `notes.txt` stay text.
 */
const COMMON_TLDS = [
  'com', 'org', 'net', 'edu', 'gov', 'io', 'dev', 'app', 'co', 'ai', 'me', 'info', 'xyz',
  'eu', 'uk', 'de', 'fr', 'nl', 'be', 'es', 'it', 'ch', 'at', 'se', 'no', 'dk', 'fi', 'ie',
  'ca', 'us', 'au', 'nz', 'jp', 'in', 'br',
] // prettier-ignore
// A bare address (`www.…`, or `name.<common tld>/path`) counts only at a word start, not
// inside `sub.www.x`, a path or an email; a bare domain needs its path, so a sentence's
// `example.net` or a file name stays text.
const BARE_DOMAIN = String.raw`(?:[\p{L}\p{N}-]+\.)+(?:${COMMON_TLDS.join('|')})(?=\/)`
const URL_RE = new RegExp(
  String.raw`(?:\bhttps?:\/\/|(?<![\w.@/-])(?:www\.|${BARE_DOMAIN}))[^\s<>"'\x60]+`,
  'giu',
)
const WWW_HOST = /^www\.[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/iu
// A fence opens a block and the next fence closes it; the newline after the opening fence
// and before the closing one belong to the fences, not to the code.
const FENCE_RE = /```\n?([\s\S]*?)\n?```/g
// Inline code stays on one line and is never empty, so a stray backtick stays text.
const INLINE_CODE_RE = /`([^`\n]+)`/g
const TRAILING = /[.,;:!?'"»”’]+$/

/** Drops punctuation that ends a sentence, and a closing bracket the URL did not open. */
function trimUrl(raw: string): string {
  let url = raw.replace(TRAILING, '')
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (url.endsWith(close) && url.split(open).length < url.split(close).length) {
      url = url.slice(0, -1).replace(TRAILING, '')
    }
  }
  return url
}

/** The URL as a link target, or null unless it parses as http(s). */
export function safeHref(text: string): string | null {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

function splitMentions(text: string, names: readonly string[]): Segment[] {
  if (names.length === 0 || !text.includes('@')) return text ? [{ kind: 'text', text }] : []
  // Longest first, so "@Ann Lee" wins over "@Ann".
  const sorted = [...names].sort((a, b) => b.length - a.length)
  const out: Segment[] = []
  let buffer = ''
  let i = 0
  while (i < text.length) {
    if (text[i] === '@' && (i === 0 || /\s|[([{"']/.test(text[i - 1]!))) {
      const rest = text.slice(i + 1).toLowerCase()
      const name = sorted.find((n) => rest.startsWith(n.toLowerCase()))
      if (name) {
        if (buffer) out.push({ kind: 'text', text: buffer })
        buffer = ''
        out.push({ kind: 'mention', text: text.slice(i, i + 1 + name.length), name })
        i += 1 + name.length
        continue
      }
    }
    buffer += text[i]
    i += 1
  }
  if (buffer) out.push({ kind: 'text', text: buffer })
  return out
}

/** The link target of a matched address: bare ones (`www.`, `name.tld/path`) over https. */
function linkHref(url: string): string | null {
  if (/^https?:\/\//i.test(url)) return safeHref(url)
  if (/^www\./i.test(url) && !WWW_HOST.test(url)) return null
  return safeHref(`https://${url}`)
}

function splitLinks(content: string, mentionNames: readonly string[]): Segment[] {
  const out: Segment[] = []
  let last = 0
  for (const match of content.matchAll(URL_RE)) {
    const start = match.index
    const url = trimUrl(match[0])
    const href = linkHref(url)
    if (!href) continue
    out.push(...splitMentions(content.slice(last, start), mentionNames))
    out.push({ kind: 'link', text: url, href })
    last = start + url.length
  }
  out.push(...splitMentions(content.slice(last), mentionNames))
  return out
}

/** Pulls the matches of `re` out of `text` as `kind` segments; `rest` splits what is between. */
function splitBy(
  text: string,
  re: RegExp,
  kind: 'code' | 'codeblock',
  rest: (between: string) => Segment[],
): Segment[] {
  const out: Segment[] = []
  let last = 0
  for (const match of text.matchAll(re)) {
    const code = match[1] ?? ''
    if (!code.trim()) continue
    out.push(...rest(text.slice(last, match.index)))
    out.push({ kind, text: code })
    last = match.index + match[0].length
  }
  out.push(...rest(text.slice(last)))
  return out
}

/**
 * Splits a message into text, fenced code blocks, inline code, http(s) and `www.` links and
 * `@mentions` of the given names. Code is taken first and kept verbatim: no links or
 * mentions inside it.
 */
export function toSegments(content: string, mentionNames: readonly string[] = []): Segment[] {
  return splitBy(content, FENCE_RE, 'codeblock', (outside) =>
    splitBy(outside, INLINE_CODE_RE, 'code', (plain) => splitLinks(plain, mentionNames)),
  )
}

const EMOJI_GRAPHEME = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3)/u
/** Up to this many emoji alone in a message are shown large, as chat apps do. */
export const BIG_EMOJI_MAX = 6

/** True when the message is only emoji (at most `BIG_EMOJI_MAX`), spaces aside. */
export function isEmojiOnly(content: string): boolean {
  const compact = content.replace(/\s+/g, '')
  if (!compact || compact.length > BIG_EMOJI_MAX * 16) return false
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(compact)]
  return graphemes.length <= BIG_EMOJI_MAX && graphemes.every((g) => EMOJI_GRAPHEME.test(g.segment))
}
