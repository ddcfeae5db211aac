/**
 * WebP at the RIFF chunk level: whether it is animated, and the same image without its
 * `EXIF`, `XMP ` and `ICCP` chunks (and their flags in `VP8X`), for an animated WebP that a
 * canvas would flatten to one frame (RIFF container of the WebP spec, "Extended format").
 */
const KEEP = new Set(['VP8X', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L'])
/** `VP8X` flag bits of the chunks removed: ICC profile, EXIF, XMP. */
const METADATA_FLAGS = 0x20 | 0x08 | 0x04
const ANIMATION_FLAG = 0x02

interface Chunk {
  type: string
  start: number
  end: number
}

const fourcc = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4))

function chunks(bytes: Uint8Array): Chunk[] | null {
  if (bytes.length < 12 || fourcc(bytes, 0) !== 'RIFF' || fourcc(bytes, 8) !== 'WEBP') return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const riffEnd = 8 + view.getUint32(4, true)
  // Cut off: a chunk of it is missing.
  if (riffEnd > bytes.length) return null
  const out: Chunk[] = []
  let at = 12
  while (at + 8 <= riffEnd) {
    const size = view.getUint32(at + 4, true)
    // Each chunk's data is padded to an even length.
    const end = at + 8 + size + (size % 2)
    if (at + 8 + size > riffEnd) return null
    out.push({ type: fourcc(bytes, at), start: at, end: Math.min(end, riffEnd) })
    at = end
  }
  return out
}

/** Whether `bytes` is an animated WebP. */
export function isAnimatedWebp(bytes: Uint8Array): boolean {
  const list = chunks(bytes)
  if (!list) return false
  const vp8x = list.find((c) => c.type === 'VP8X')
  const flagged = !!vp8x && (bytes[vp8x.start + 8]! & ANIMATION_FLAG) !== 0
  return flagged || list.some((c) => c.type === 'ANIM' || c.type === 'ANMF')
}

/** The WebP with only image chunks, or null when it is not a well-formed WebP. */
export function stripWebp(bytes: Uint8Array): Uint8Array | null {
  const list = chunks(bytes)
  if (!list) return null
  const kept = list.filter((c) => KEEP.has(c.type))
  const size = 12 + kept.reduce((n, c) => n + c.end - c.start, 0)
  const out = new Uint8Array(size)
  out.set(bytes.subarray(0, 12))
  new DataView(out.buffer).setUint32(4, size - 8, true)
  let at = 12
  for (const c of kept) {
    out.set(bytes.subarray(c.start, c.end), at)
    if (c.type === 'VP8X') out[at + 8] = out[at + 8]! & ~METADATA_FLAGS
    at += c.end - c.start
  }
  return out
}
