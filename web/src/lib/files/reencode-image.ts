/**
 * A photo decoded and drawn again: only its pixels survive, so EXIF, XMP and IPTC (GPS
 * position, camera, time) are gone, and the orientation its EXIF asked for is applied to the
 * pixels. Large photos are scaled to {@link SCALED_SIDE} on their long side unless the
 * original resolution is asked for (still redrawn, so still stripped).
 */
import { drawn, encodeCanvas, fitWithin, hasTransparency } from './image-canvas'

/** The long side of a scaled photo, in pixels. */
export const SCALED_SIDE = 2560
const JPEG_QUALITY = 0.9
/** Transparency is looked for on a copy this size: a whole photo's pixels are many megabytes. */
const ALPHA_PROBE_SIDE = 256

export interface Reencoded {
  blob: Blob
  width: number
  height: number
}

/** The picture in `file` as the browser shows it, rotated by its EXIF orientation. */
export function decodePicture(file: Blob): Promise<ImageBitmap> {
  return createImageBitmap(file, { imageOrientation: 'from-image' })
}

/**
 * What a picture of `type` is written as: a JPEG stays a JPEG; PNG, GIF and BMP (often
 * screenshots, drawings, transparency) become PNG; others PNG when they have transparency.
 */
function outputType(bitmap: ImageBitmap, type: string): 'image/jpeg' | 'image/png' {
  if (type === 'image/jpeg') return 'image/jpeg'
  if (/^image\/(a?png|gif|bmp)$/.test(type)) return 'image/png'
  const probe = fitWithin(bitmap.width, bitmap.height, ALPHA_PROBE_SIDE)
  const { context } = drawn(bitmap, probe.width, probe.height)
  return hasTransparency(context, probe.width, probe.height) ? 'image/png' : 'image/jpeg'
}

/** `bitmap` (of a file of media type `type`) written again, scaled unless `original`. */
export async function reencodePicture(
  bitmap: ImageBitmap,
  type: string,
  original: boolean,
): Promise<Reencoded> {
  const { width, height } = fitWithin(bitmap.width, bitmap.height, original ? null : SCALED_SIDE)
  const target = outputType(bitmap, type)
  const { canvas } = drawn(bitmap, width, height)
  const blob = await encodeCanvas(canvas, target, JPEG_QUALITY)
  if (blob.type !== target) throw new Error(`the canvas wrote ${blob.type}, not ${target}`)
  return { blob, width, height }
}
