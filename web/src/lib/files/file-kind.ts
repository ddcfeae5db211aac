/**
 * What the browser does with a chosen file before it leaves: a picture is decoded and drawn
 * again (its metadata gone), an animated one loses its metadata segments, anything else goes
 * as it is.
 */
import { FILE_NAME_MAX_CHARS } from '../../../../protocol/files'

/** Still pictures a canvas redraws: what browsers decode (HEIC only in some). */
const PICTURE_TYPES = /^image\/(jpeg|png|apng|gif|webp|avif|bmp|heic|heif)$/
/** Formats that may hold several frames. */
const ANIMATABLE_TYPES = /^image\/(gif|png|apng|webp)$/

/** Media types by extension, for the files a system hands over without one (HEIC, often). */
const BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  apng: 'image/apng',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  heic: 'image/heic',
  heif: 'image/heif',
}

/** The file's media type: as the browser says, else guessed from a picture's extension. */
export function mediaType(file: Pick<File, 'name' | 'type'>): string {
  if (file.type) return file.type.toLowerCase()
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? ''
  return BY_EXTENSION[extension] ?? ''
}

export const isPictureType = (type: string) => PICTURE_TYPES.test(type)
export const isAnimatableType = (type: string) => ANIMATABLE_TYPES.test(type)
export const isHeicType = (type: string) => /^image\/hei[cf]$/.test(type)

/** `photo.heic` sent as `image/jpeg`: `photo.jpg`. */
export function renamedFor(name: string, type: string): string {
  const extension = type === 'image/png' ? 'png' : type === 'image/jpeg' ? 'jpg' : null
  if (!extension) return name
  const base = name.replace(/\.[a-z0-9]{1,5}$/i, '') || 'image'
  return `${base}.${extension}`
}

/** A name the protocol takes (at most 255 characters), its extension kept. */
export function clampFileName(name: string): string {
  const clean = name.trim() || 'file'
  if (clean.length <= FILE_NAME_MAX_CHARS) return clean
  const extension = /\.[a-z0-9]{1,10}$/i.exec(clean)?.[0] ?? ''
  return clean.slice(0, FILE_NAME_MAX_CHARS - extension.length) + extension
}
