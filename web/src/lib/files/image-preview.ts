/**
 * Small pictures of a picture: the tiny preview a message carries (`protocol/files.ts`: a
 * `data:` URL of at most 2048 characters, shown blurred while the file loads), and the
 * thumbnail the tray shows before sending.
 */
import { isFilePreview } from '../../../../protocol/files'
import { blobToDataUrl, drawn, encodeCanvas } from './image-canvas'

/** The long side of a message's preview, in pixels. */
export const PREVIEW_SIDE = 24
/** The long side of a tray thumbnail (twice the 64 px it is shown at, for sharp screens). */
export const THUMBNAIL_SIDE = 128

async function smallPicture(bitmap: ImageBitmap, side: number, quality: number) {
  const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height))
  const width = Math.max(1, Math.round(bitmap.width * scale))
  const height = Math.max(1, Math.round(bitmap.height * scale))
  const { canvas } = drawn(bitmap, width, height)
  // WebP keeps transparency and is smallest; a browser that cannot write it gives PNG.
  let blob = await encodeCanvas(canvas, 'image/webp', quality)
  if (blob.type !== 'image/webp') blob = await encodeCanvas(canvas, 'image/jpeg', quality)
  return blobToDataUrl(blob)
}

/** The message's preview of `bitmap`, or undefined when none fits the protocol's limit. */
export async function tinyPreview(bitmap: ImageBitmap): Promise<string | undefined> {
  for (const quality of [0.6, 0.3]) {
    const url = await smallPicture(bitmap, PREVIEW_SIDE, quality)
    if (isFilePreview(url)) return url
  }
  return undefined
}

/** A thumbnail for the tray, as a `data:` URL. */
export function thumbnail(bitmap: ImageBitmap): Promise<string> {
  return smallPicture(bitmap, THUMBNAIL_SIDE, 0.8)
}
