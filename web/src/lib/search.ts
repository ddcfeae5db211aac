/**
 * Searching the conversation in the browser: the messages as the page shows them (decrypted
 * in an encrypted room), their captions and file names. Nothing is sent anywhere.
 */
import type { StoredFrame } from '../../../protocol/frames'
import { attachmentOf } from './files/open-file-message'
import type { OpenedMessage } from './frame-decryptor'

/** A piece of text, and whether it is what was searched for. */
export interface TextPart {
  text: string
  hit: boolean
}

/**
 * The pattern for `query`: its words as typed, any case (Unicode simple case folding keeps
 * every index where it is, so the marks land on the right letters). Null for a blank query.
 */
export function searchPattern(query: string): RegExp | null {
  const q = query.trim()
  if (!q) return null
  return new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu')
}

/** What of a message is searched: its text (a caption) and its file's name. */
export function searchableText(m: StoredFrame): string {
  if (m.type !== 'message' || (m as OpenedMessage).undecryptable) return ''
  const file = attachmentOf(m)
  return file ? `${m.content}\n${file.name}` : m.content
}

/** The ids of the chat messages that hold `query`, oldest first. */
export function findMatches(messages: readonly StoredFrame[], query: string): number[] {
  const pattern = searchPattern(query)
  if (!pattern) return []
  return messages
    .filter((m) => {
      pattern.lastIndex = 0
      return pattern.test(searchableText(m))
    })
    .map((m) => m.id)
}

/** `text` cut where `query` occurs, for marking; one plain part when it does not. */
export function highlightParts(text: string, query: string): TextPart[] {
  const pattern = searchPattern(query)
  if (!pattern || !text) return [{ text, hit: false }]
  const parts: TextPart[] = []
  let at = 0
  for (const match of text.matchAll(pattern)) {
    if (match.index > at) parts.push({ text: text.slice(at, match.index), hit: false })
    parts.push({ text: match[0], hit: true })
    at = match.index + match[0].length
  }
  if (at < text.length) parts.push({ text: text.slice(at), hit: false })
  return parts
}
