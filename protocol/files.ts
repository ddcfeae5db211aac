/**
 * Files in a room: how a picture or a document travels, as both server and web app read it.
 *
 * 1. A joined member asks for an upload over the socket: `{type: "upload", size}` with the
 *    number of bytes it will store. The server answers `upload_ready` with a random `blob` id,
 *    a `token` for that blob only, `chunk_bytes` and `chunks`.
 * 2. The browser sends each chunk over HTTP:
 *    `PUT /api/rooms/{room}/files/{blob}/chunks/{index}` (`Authorization: Bearer <token>`,
 *    `Content-Type: application/octet-stream`), every chunk `chunk_bytes` long but the last.
 *    After a dropped connection, `GET /api/rooms/{room}/files/{blob}/chunks` (same token) says
 *    which chunks are still missing.
 * 3. Once every chunk is in, the chat message carries `file: {blob}` (and, in a plain room, the
 *    file's description, {@link PlainFileFields}). A blob is attached to one message, once.
 * 4. Anyone in the room downloads it with `GET /api/rooms/{room}/files/{blob}`: the stored
 *    bytes, `application/octet-stream`, as an attachment. Every blob of a room is deleted
 *    with the room; a file URL of an ended room answers 404.
 *
 * In an encrypted room the server stores only ciphertext:
 * - Each file has its own fresh AES-GCM-256 key. The file is padded with zero bytes to a whole
 *   number of {@link FILE_CHUNK_BYTES} chunks, and that number is rounded up to a bucket
 *   ({@link paddedChunkCount}), so the server learns a size class, not a size.
 * - Chunk `i` of `n` is encrypted with IV = `i` as a 96-bit big-endian number (the key is used
 *   for this one file only) and additional data {@link fileChunkAdditionalData}`(i, n)`, so
 *   chunks cannot be reordered, dropped or cut off unnoticed. A stored chunk is its ciphertext
 *   with the 16-byte tag: {@link ENCRYPTED_CHUNK_BYTES}.
 * - The file's key, name, type, real size, image dimensions and a tiny preview travel in the
 *   message's e1 envelope: the envelope's text is then the JSON {@link SealedFileMessage}
 *   instead of the bare caption. The server sees `file: {blob}` and nothing else.
 */

/** Bytes of file content per chunk. */
export const FILE_CHUNK_BYTES = 64 * 1024
/** AES-GCM's tag, appended to each encrypted chunk. */
export const FILE_CHUNK_TAG_BYTES = 16
/** A stored chunk of an encrypted room's file. */
export const ENCRYPTED_CHUNK_BYTES = FILE_CHUNK_BYTES + FILE_CHUNK_TAG_BYTES
/** The additional data's version tag. */
export const FILE_FORMAT = 'chatty/f1'

/** Default largest file, in bytes of content (`CHATTY_MAX_FILE_BYTES`). */
export const DEFAULT_MAX_FILE_BYTES = 25 * 1024 * 1024
/** Longest file name a message may carry, in characters. */
export const FILE_NAME_MAX_CHARS = 255
/** Longest media type, in characters. */
export const FILE_TYPE_MAX_CHARS = 127
/** Longest preview (a `data:image/…;base64,` URL), in characters. */
export const FILE_PREVIEW_MAX_CHARS = 2048
/** Largest image side a message may claim, in pixels. */
export const FILE_MAX_DIMENSION = 30_000
/**
 * What a file's description may add to an encrypted message's text, in characters of JSON:
 * the envelope of a message with a file may be longer than a text message's by this much.
 */
export const FILE_META_MAX_CHARS = 3072
/** The stored chunk size of a room's files. */
export function storedChunkBytes(encrypted: boolean): number {
  return encrypted ? ENCRYPTED_CHUNK_BYTES : FILE_CHUNK_BYTES
}

/**
 * Chunk counts an encrypted file is padded to: 1, 2, 3, 4, 6, 8, 12, 16, 24, … (each power of
 * two and one and a half times it), so padding adds at most a third and the server learns
 * one of about two size classes per doubling.
 */
export function paddedChunkCount(chunks: number): number {
  if (chunks <= 1) return 1
  let power = 1
  while (power * 2 < chunks) power *= 2
  // power < chunks <= 2 × power
  if (power >= 2 && chunks <= power * 1.5) return power * 1.5
  return power * 2
}

/** Whether `chunks` is one of the counts {@link paddedChunkCount} gives. */
export function isPaddedChunkCount(chunks: number): boolean {
  return Number.isInteger(chunks) && chunks >= 1 && paddedChunkCount(chunks) === chunks
}

/** The most chunks one file may have in a room, for a limit of `maxFileBytes` of content. */
export function maxFileChunks(maxFileBytes: number, encrypted: boolean): number {
  const chunks = Math.max(1, Math.ceil(maxFileBytes / FILE_CHUNK_BYTES))
  return encrypted ? paddedChunkCount(chunks) : chunks
}

/** The additional data of chunk `index` (from 0) of `count`, as text (encode as UTF-8). */
export function fileChunkAdditionalData(index: number, count: number): string {
  return JSON.stringify([FILE_FORMAT, index, count])
}

/** The 12-byte IV of chunk `index`: the index as a 96-bit big-endian number. */
export function fileChunkIv(index: number): Uint8Array {
  const iv = new Uint8Array(12)
  let rest = index
  for (let i = 11; i >= 0 && rest > 0; i--) {
    iv[i] = rest % 256
    rest = Math.floor(rest / 256)
  }
  return iv
}

/** What describes a file to the people in the room. */
export interface FileDescription {
  /** The file's name as the sender had it (shown, and used when saving). */
  name: string
  /** Its media type, `""` when unknown. */
  type: string
  /** Bytes of content (before any padding). */
  size: number
  /** An image's size in pixels, so the page keeps its place before it loads. */
  width?: number
  height?: number
  /** A tiny blurred picture of an image: a `data:image/(jpeg|png|webp);base64,` URL. */
  preview?: string
}

/** The `file` of a plain room's message: the blob and its description, in the clear. */
export interface PlainFileFields extends FileDescription {
  blob: string
}

/**
 * The text inside an encrypted file message's envelope (JSON): the caption and everything
 * about the file. `key`: the file's AES-GCM key, 32 bytes as 43 base64url characters. `blob`
 * must equal the frame's `file.blob` (a client refuses a message where it does not).
 */
export interface SealedFileMessage {
  v: 1
  text: string
  file: FileDescription & { blob: string; key: string }
}

/** Whether `value` is a preview a page may show (`data:` image URL of a raster type). */
export function isFilePreview(value: string): boolean {
  return (
    value.length <= FILE_PREVIEW_MAX_CHARS &&
    /^data:image\/(jpeg|png|webp);base64,[A-Za-z0-9+/]+={0,2}$/.test(value)
  )
}

/** A file's size in words, as the stand-in text says it: "300 KB", "2.5 MB". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`
  const mb = bytes / 1_000_000
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`
}

/**
 * The line that starts a plain room's file message, so that a client that knows nothing of
 * files shows something true: "📎 report.pdf (300 KB)". The caption, if any, follows on the
 * next line. The web app shows the file instead and strips this line.
 */
export function fileStandIn(file: Pick<FileDescription, 'name' | 'size'>): string {
  return `📎 ${file.name} (${formatFileSize(file.size)})`
}

/** The caption of a plain room's file message: its content without the stand-in line. */
export function captionOf(content: string, file: Pick<FileDescription, 'name' | 'size'>): string {
  const standIn = fileStandIn(file)
  if (!content.startsWith(standIn)) return content
  return content.slice(standIn.length).replace(/^\n/, '')
}
