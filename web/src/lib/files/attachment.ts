/**
 * A file as the web app shows it, once its message is open: in a plain room from the frame's
 * `file`, in an encrypted room from the sealed message inside the envelope (with the file's
 * key). `protocol/files.ts` describes both.
 */
import type { FileDescription } from '../../../../protocol/files'

export interface Attachment extends FileDescription {
  blob: string
  /** Encrypted rooms: the file's key (43 base64url characters). Absent: the blob is plain. */
  key?: string
}

/** Whether the attachment is a picture the page shows inline (a raster image type). */
export function isInlineImage(file: Pick<Attachment, 'type'>): boolean {
  return /^image\/(jpeg|png|gif|webp|avif|bmp)$/.test(file.type)
}

/** The download URL of a blob. */
export function blobUrl(roomId: string, blob: string): string {
  return `/api/rooms/${encodeURIComponent(roomId)}/files/${encodeURIComponent(blob)}`
}
