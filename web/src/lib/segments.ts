/** A piece of a message's text, rendered by the template with text interpolation only. */
export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'mention'; text: string; name: string }

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi
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

/** Splits a message into text, http(s) links and `@mentions` of the given names. */
export function toSegments(content: string, mentionNames: readonly string[] = []): Segment[] {
  const out: Segment[] = []
  let last = 0
  for (const match of content.matchAll(URL_RE)) {
    const start = match.index
    const url = trimUrl(match[0])
    const href = safeHref(url)
    if (!href) continue
    out.push(...splitMentions(content.slice(last, start), mentionNames))
    out.push({ kind: 'link', text: url, href })
    last = start + url.length
  }
  out.push(...splitMentions(content.slice(last), mentionNames))
  return out
}
