/** How a file looks in a message: the box a picture takes, and a file's kind in words. */
import type { Attachment } from './attachment'

/** Tallest a picture is shown inline, in CSS pixels; a click shows it whole. */
export const INLINE_MAX_HEIGHT = 320
/** Widest: about the widest a message bubble gets. The column may still narrow it (phones). */
export const INLINE_MAX_WIDTH = 480
/** The box of a picture that did not say its size, until it loads. */
const UNKNOWN_BOX = { width: 240, height: 180 }

/**
 * The box a picture takes inline, in CSS pixels, at its own aspect ratio: its real size, made
 * smaller (never larger) to fit {@link INLINE_MAX_WIDTH} × {@link INLINE_MAX_HEIGHT}. Known
 * before a byte of it has loaded, so the conversation does not jump when it arrives.
 */
export function inlineImageBox(file: Pick<Attachment, 'width' | 'height'>): {
  width: number
  height: number
} {
  const { width, height } = file
  if (!width || !height) return UNKNOWN_BOX
  const scale = Math.min(1, INLINE_MAX_HEIGHT / height, INLINE_MAX_WIDTH / width)
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  }
}

const KINDS: [RegExp, string][] = [
  [/^application\/pdf$/, 'PDF'],
  [
    /^(application\/(zip|gzip|x-7z-compressed|x-rar-compressed|vnd\.rar|x-tar|x-bzip2))$/,
    'Archive',
  ],
  [
    /^application\/(msword|vnd\.openxmlformats-officedocument\.wordprocessingml\..*|vnd\.oasis\.opendocument\.text)$/,
    'Document',
  ],
  [
    /^application\/(vnd\.ms-excel|vnd\.openxmlformats-officedocument\.spreadsheetml\..*|vnd\.oasis\.opendocument\.spreadsheet)$/,
    'Spreadsheet',
  ],
  [
    /^application\/(vnd\.ms-powerpoint|vnd\.openxmlformats-officedocument\.presentationml\..*|vnd\.oasis\.opendocument\.presentation)$/,
    'Presentation',
  ],
  [/^text\/csv$/, 'CSV'],
  [/^text\/plain$/, 'Text'],
  [/^video\//, 'Video'],
  [/^audio\//, 'Audio'],
]

/** A file's kind in a word or two: "PDF", "SVG image", "Spreadsheet", "KEY file", "File". */
export function fileKind(file: Pick<Attachment, 'name' | 'type'>): string {
  for (const [pattern, kind] of KINDS) if (pattern.test(file.type)) return kind
  const image = /^image\/([a-z0-9.+-]+)$/.exec(file.type)
  if (image) return `${image[1]!.replace(/\+xml$/, '').toUpperCase()} image`
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(file.name)
  return ext ? `${ext[1]!.toUpperCase()} file` : 'File'
}
