/**
 * A first look at a chosen file, for the tray: what will happen to it when it is sent, a
 * thumbnail of a picture, and a note when a picture cannot be cleaned.
 */
import { isAnimatedImage } from './animated-image'
import { isAnimatableType, isHeicType, isPictureType, mediaType } from './file-kind'
import { thumbnail } from './image-preview'
import { decodePicture } from './reencode-image'

/**
 * - `picture`: redrawn (metadata gone), scaled unless sent at its original resolution;
 * - `animated`: its frames kept, its metadata segments removed;
 * - `unreadable`: a picture this browser cannot decode (HEIC, mostly): sent as it is;
 * - `file`: not a picture: sent as it is.
 */
export type FileTreatment = 'picture' | 'animated' | 'unreadable' | 'file'

export interface ProbedFile {
  treatment: FileTreatment
  /** The media type (guessed from the extension when the system gave none). */
  type: string
  /** A picture's thumbnail (`data:` URL), when it could be decoded. */
  thumbnail?: string
  width?: number
  height?: number
}

export async function probeFile(file: File): Promise<ProbedFile> {
  const type = mediaType(file)
  if (!isPictureType(type)) return { treatment: 'file', type }
  let bitmap: ImageBitmap
  try {
    bitmap = await decodePicture(file)
  } catch {
    return { treatment: 'unreadable', type }
  }
  try {
    const animated =
      isAnimatableType(type) && isAnimatedImage(new Uint8Array(await file.arrayBuffer()), type)
    return {
      treatment: animated ? 'animated' : 'picture',
      type,
      thumbnail: await thumbnail(bitmap).catch(() => undefined),
      width: bitmap.width,
      height: bitmap.height,
    }
  } finally {
    bitmap.close()
  }
}

/** What the tray says under a file that is not cleaned the usual way, if anything. */
export function treatmentNote(probed: Pick<ProbedFile, 'treatment' | 'type'>): string | null {
  switch (probed.treatment) {
    case 'unreadable':
      return isHeicType(probed.type)
        ? 'This browser cannot convert HEIC photos: it is sent as a file, as it is, metadata and location included.'
        : 'This picture could not be read: it is sent as a file, as it is.'
    case 'animated':
      return 'Animated: sent with its animation; its metadata segments are removed.'
    default:
      return null
  }
}
