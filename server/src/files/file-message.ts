/**
 * The file of a chat message (`protocol/files.ts`): in a plain room its description is
 * checked and kept in the clear, and the message's content starts with a line any client can
 * show ("📎 report.pdf (300 KB)"); in an encrypted room the frame names the blob only. Either
 * way the blob must be a finished upload of this room, and it is claimed by this message, once.
 */
import {
  FILE_MAX_DIMENSION,
  fileStandIn,
  isFilePreview,
  type ClientFile,
  type MessageFile,
} from '../../../protocol/index.js'
import type { Store } from '../store/store.js'
import { FileNotReady, InvalidFile } from '../rooms/errors.js'

// Control characters and the bidirectional overrides that could dress up a name.
const UNSAFE_NAME = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u
const MEDIA_TYPE = /^[A-Za-z0-9][\w.+-]*\/[\w.+-]+$/

/** What the message will carry, checked; the blob not yet claimed. */
export function describedFile(input: ClientFile, encrypted: boolean): MessageFile {
  if (encrypted) return { blob: input.blob }
  const name = input.name?.trim() ?? ''
  if (name === '' || UNSAFE_NAME.test(name)) {
    throw new InvalidFile('A file needs a name without control characters.')
  }
  if (input.size === undefined) throw new InvalidFile('A file needs its size.')
  const type = input.type ?? ''
  if (type !== '' && !MEDIA_TYPE.test(type)) throw new InvalidFile('That is not a media type.')
  if (input.preview !== undefined && !isFilePreview(input.preview)) {
    throw new InvalidFile('A preview must be a small data: image (JPEG, PNG or WebP).')
  }
  const sides = [input.width, input.height].filter((n) => n !== undefined)
  if (sides.length === 1 || sides.some((n) => n < 1 || n > FILE_MAX_DIMENSION)) {
    throw new InvalidFile('An image needs both its width and its height.')
  }
  return {
    blob: input.blob,
    name,
    type,
    size: input.size,
    ...(input.width !== undefined && { width: input.width, height: input.height! }),
    ...(input.preview !== undefined && { preview: input.preview }),
  }
}

/** A plain room's content for a file message: the stand-in line, then the caption. */
export function plainFileContent(file: MessageFile, caption: string): string {
  const standIn = fileStandIn({ name: file.name ?? '', size: file.size ?? 0 })
  return caption.trim() === '' ? standIn : `${standIn}\n${caption}`
}

/**
 * Claims the blob for the message `claim` names: it must be complete, of this room, not sent
 * in another message, and in a plain room exactly the size the description says.
 */
export async function claimFile(
  store: Pick<Store, 'blob' | 'attachBlob'>,
  roomId: string,
  file: MessageFile,
  claim: string,
): Promise<void> {
  const blob = await store.blob(roomId, file.blob)
  if (!blob || blob.received !== blob.chunks) throw new FileNotReady()
  if (file.size !== undefined && file.size !== blob.size) {
    throw new InvalidFile('The file’s size is not the size uploaded.')
  }
  if (!(await store.attachBlob(roomId, file.blob, claim))) throw new FileNotReady()
}
