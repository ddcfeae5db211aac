/**
 * Animated images (GIF, APNG, animated WebP): a canvas would keep only their first frame, so
 * they keep their animation and lose their metadata by segment removal instead.
 */
import { gifFrameCount, stripGif } from './gif-blocks'
import { isAnimatedPng, stripPng } from './png-chunks'
import { isAnimatedWebp, stripWebp } from './webp-chunks'

/** Whether the image in `bytes`, of media type `type`, has more than one frame. */
export function isAnimatedImage(bytes: Uint8Array, type: string): boolean {
  switch (type) {
    case 'image/gif':
      return gifFrameCount(bytes) > 1
    case 'image/png':
    case 'image/apng':
      return isAnimatedPng(bytes)
    case 'image/webp':
      return isAnimatedWebp(bytes)
    default:
      return false
  }
}

/** The animated image without its metadata, or null when it could not be read. */
export function stripAnimatedImage(bytes: Uint8Array, type: string): Uint8Array | null {
  switch (type) {
    case 'image/gif':
      return stripGif(bytes)
    case 'image/png':
    case 'image/apng':
      return stripPng(bytes)
    case 'image/webp':
      return stripWebp(bytes)
    default:
      return null
  }
}
