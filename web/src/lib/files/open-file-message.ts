/**
 * A file message opened for showing (format: `protocol/files.ts`): the caption, and the file as
 * an {@link Attachment}. In an encrypted room from the JSON inside the envelope, in a plain room
 * from the frame's `file` and content. Whatever another member or the server sent is checked
 * here, field by field: a description that is not sane is not shown as a file.
 */
import type {
  MessageFile,
  MessageFrame,
  ServerFrame,
  StoredFrame,
} from '../../../../protocol/frames'
import {
  FILE_MAX_DIMENSION,
  FILE_NAME_MAX_CHARS,
  FILE_TYPE_MAX_CHARS,
  captionOf,
  isFilePreview,
  type FileDescription,
} from '../../../../protocol/files'
import { isInlineImage, type Attachment } from './attachment'

/** A file message as the page shows it: its caption (may be empty) and its file. */
export interface OpenedFile {
  caption: string
  file: Attachment
}

const FILE_KEY = /^[A-Za-z0-9_-]{43}$/
/** Control characters and the bidirectional overrides that could make `exe.jpg` read `gpj.exe`. */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const isDimension = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 1 && (v as number) <= FILE_MAX_DIMENSION

/** The description in `raw`, or null when any field is missing, of the wrong kind or too long. */
function description(raw: Record<string, unknown>): FileDescription | null {
  const { name, type, size, width, height, preview } = raw
  if (typeof name !== 'string' || name.length === 0 || name.length > FILE_NAME_MAX_CHARS) {
    return null
  }
  if (typeof type !== 'string' || type.length > FILE_TYPE_MAX_CHARS) return null
  if (!Number.isSafeInteger(size) || (size as number) < 0) return null
  if (width !== undefined && !isDimension(width)) return null
  if (height !== undefined && !isDimension(height)) return null
  if (preview !== undefined && (typeof preview !== 'string' || !isFilePreview(preview))) {
    return null
  }
  const out: FileDescription = {
    name: name.replace(UNSAFE_IN_NAME, '').trim() || 'file',
    type: type.toLowerCase(),
    size: size as number,
  }
  if (width !== undefined && height !== undefined) Object.assign(out, { width, height })
  if (preview !== undefined) out.preview = preview
  return out
}

/**
 * An encrypted room's file message, from the text its envelope opened to: null (shown as
 * undecryptable) unless it is a version-1 sealed message for the frame's own blob.
 */
export function openSealedFile(
  text: string,
  frameFile: Pick<MessageFile, 'blob'>,
): OpenedFile | null {
  let sealed: unknown
  try {
    sealed = JSON.parse(text)
  } catch {
    return null
  }
  if (!isRecord(sealed) || sealed.v !== 1 || typeof sealed.text !== 'string') return null
  const file = sealed.file
  if (!isRecord(file) || file.blob !== frameFile.blob || typeof file.key !== 'string') return null
  if (!FILE_KEY.test(file.key)) return null
  const described = description(file)
  if (!described) return null
  return { caption: sealed.text, file: { ...described, blob: frameFile.blob, key: file.key } }
}

/**
 * A plain room's file message: the file from the frame, the caption from the content (without
 * the stand-in line the server put first). Null when the frame's description is not sane; the
 * content, the server's stand-in text, is then shown as it is.
 */
export function openPlainFile(content: string, frameFile: MessageFile): OpenedFile | null {
  const described = description(frameFile as Record<string, unknown>)
  if (!described || typeof frameFile.blob !== 'string') return null
  return {
    caption: captionOf(content, frameFile as FileDescription),
    file: { ...described, blob: frameFile.blob },
  }
}

/** The attachment of a shown message, if it has one (every opened file message does). */
export function attachmentOf(message: { file?: MessageFile }): Attachment | undefined {
  const file = message.file as Partial<Attachment> | undefined
  return file && typeof file.name === 'string' && typeof file.size === 'number'
    ? (file as Attachment)
    : undefined
}

/** A file in a few words, to quote or announce it: "📷 Photo", "📎 report.pdf". */
export function fileSummary(file: Pick<Attachment, 'name' | 'type'>): string {
  return isInlineImage(file) ? '📷 Photo' : `📎 ${file.name}`
}

/** What a file message says, as one line of text: the file in a few words, then the caption. */
export function fileMessageText(caption: string, file: Pick<Attachment, 'name' | 'type'>): string {
  return caption ? `${fileSummary(file)} · ${caption}` : fileSummary(file)
}

/** A plain room's message with its file opened; one whose file is not sane keeps its text only. */
export function openPlainMessage(m: MessageFrame): MessageFrame {
  if (!m.file) return m
  const { file, ...rest } = m
  const opened = openPlainFile(m.content, file)
  return opened ? { ...rest, content: opened.caption, file: opened.file } : rest
}

/**
 * A plain room's frame as the page shows it: every file message in it opened, and an edit of
 * one without the stand-in line (`find`: the message as the page holds it). (An encrypted
 * room's frames are opened by the frame decryptor instead.)
 */
export function openPlainFrame(
  frame: ServerFrame,
  find: (id: number) => StoredFrame | undefined = () => undefined,
): ServerFrame {
  if (frame.type === 'message') return openPlainMessage(frame)
  if (frame.type === 'edited') {
    const edited = find(frame.message_id)
    const file = edited?.type === 'message' ? attachmentOf(edited) : undefined
    return file ? { ...frame, content: captionOf(frame.content, file) } : frame
  }
  if (frame.type === 'history') {
    return {
      ...frame,
      messages: frame.messages.map((m) => (m.type === 'message' ? openPlainMessage(m) : m)),
    }
  }
  return frame
}
