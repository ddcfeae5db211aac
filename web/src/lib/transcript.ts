/**
 * A room's conversation as this browser shows it, as plain text or Markdown, for the person
 * to keep on their own device. Made from the messages already on the page (decrypted ones
 * in an encrypted room): nothing is fetched, and nothing is sent anywhere.
 */
import type { StoredFrame } from '../../../protocol/frames'
import { formatFileSize } from '../../../protocol/files'
import { attachmentOf } from './files/open-file-message'
import { QUOTE_UNDECRYPTABLE, type OpenedMessage } from './frame-decryptor'

export type TranscriptFormat = 'txt' | 'md'

export interface TranscriptContext {
  roomId: string
  encrypted: boolean
  /** When it was saved; the header says so. */
  savedAt: Date
}

const MIME: Record<TranscriptFormat, string> = {
  txt: 'text/plain;charset=utf-8',
  md: 'text/markdown;charset=utf-8',
}

/** Hours and minutes in UTC, so the file reads the same wherever it is opened. */
function clock(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? '--:--' : d.toISOString().slice(11, 16)
}

function stamp(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** A message's text; a file message's starts with the file: "[file: report.pdf, 300 KB]". */
function textOf(frame: StoredFrame, md = false): string {
  if (frame.type !== 'message') return frame.content
  if ((frame as OpenedMessage).undecryptable) return `[${QUOTE_UNDECRYPTABLE}]`
  const file = attachmentOf(frame)
  if (!file) return frame.content
  const line = `[file: ${md ? escapeMd(file.name) : file.name}, ${formatFileSize(file.size)}]`
  return frame.content ? `${line}\n${frame.content}` : line
}

/** Markdown's inline markers in a name, so `*bob*` stays a name and not emphasis. */
const escapeMd = (s: string) => s.replace(/[\\`*_[\]<>#|~]/g, '\\$&')

function header(ctx: TranscriptContext, count: number): string[] {
  const kind = ctx.encrypted ? 'end-to-end encrypted room' : 'room'
  return [
    `Chatty ${kind} ${ctx.roomId}`,
    `Saved ${stamp(ctx.savedAt)} from this browser · ${count} message${count === 1 ? '' : 's'}`,
  ]
}

function plain(messages: readonly StoredFrame[], ctx: TranscriptContext): string {
  const lines = [...header(ctx, messages.length), '']
  for (const m of messages) {
    const text = textOf(m).replace(/\n/g, '\n        ')
    if (m.type === 'system') {
      lines.push(`[${clock(m.timestamp)}] * ${text}`)
      continue
    }
    const reply = m.reply_to ? ` (replying to ${m.reply_to.sender})` : ''
    lines.push(`[${clock(m.timestamp)}] ${m.sender}${reply}: ${text}`)
  }
  return `${lines.join('\n')}\n`
}

function markdown(messages: readonly StoredFrame[], ctx: TranscriptContext): string {
  const [title, saved] = header(ctx, messages.length)
  const blocks = [`# ${title}`, `_${saved}_`]
  for (const m of messages) {
    if (m.type === 'system') {
      blocks.push(`_${clock(m.timestamp)} · ${escapeMd(textOf(m))}_`)
      continue
    }
    const parts = [`**${escapeMd(m.sender)}** · ${clock(m.timestamp)}`]
    if (m.reply_to) {
      const excerpt = m.reply_to.excerpt ? `: ${m.reply_to.excerpt.replace(/\n/g, ' ')}` : ''
      parts.push(`> ↩ ${escapeMd(m.reply_to.sender)}${excerpt}`)
    }
    // Two trailing spaces keep the sender's line breaks as breaks.
    parts.push(textOf(m, true).replace(/\n/g, '  \n'))
    blocks.push(parts.join('\n'))
  }
  return `${blocks.join('\n\n')}\n`
}

/** The transcript of `messages` in `format`. */
export function transcript(
  messages: readonly StoredFrame[],
  format: TranscriptFormat,
  ctx: TranscriptContext,
): string {
  return format === 'md' ? markdown(messages, ctx) : plain(messages, ctx)
}

export function transcriptFileName(roomId: string, format: TranscriptFormat, savedAt: Date) {
  const when = savedAt.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
  return `chatty-${roomId}-${when}.${format}`
}

/** What was written here and never reached the room: unsent messages, then the draft. */
export function unsentText(pending: readonly { content: string }[], draft: string): string {
  return [...pending.map((p) => p.content), draft]
    .map((text) => text.trim())
    .filter(Boolean)
    .join('\n\n')
}

/** Saves the transcript of `messages` as a file named after the room and the moment. */
export function saveTranscript(
  messages: readonly StoredFrame[],
  format: TranscriptFormat,
  room: { roomId: string; encrypted: boolean },
) {
  const savedAt = new Date()
  const text = transcript(messages, format, {
    roomId: room.roomId,
    encrypted: room.encrypted,
    savedAt,
  })
  downloadText(transcriptFileName(room.roomId, format, savedAt), text, format)
}

/** Saves `text` as a file through the browser's own download, from a Blob made here. */
export function downloadText(fileName: string, text: string, format: TranscriptFormat) {
  const url = URL.createObjectURL(new Blob([text], { type: MIME[format] }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  // The click has started the download; the object URL is no longer needed after it.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
