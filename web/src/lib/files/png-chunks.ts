/**
 * PNG and APNG at the chunk level: whether a PNG is animated, and the same image without the
 * chunks that carry anything about where, when or with what it was made (`tEXt`, `iTXt`,
 * `zTXt`, `eXIf`, `tIME`, `iCCP`, private chunks). An animated PNG cannot go through a canvas
 * without losing its frames, so its metadata is cut out instead (PNG spec § 5.3).
 */
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** What an image needs to be drawn as it was: pixels, palette, colour, frames. */
const KEEP = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'sBIT',
  'bKGD',
  'pHYs',
  'acTL',
  'fcTL',
  'fdAT',
])

interface Chunk {
  type: string
  start: number
  end: number
}

function chunks(bytes: Uint8Array): Chunk[] | null {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: Chunk[] = []
  let at = 8
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at)
    const end = at + 12 + length
    if (end > bytes.length) return null
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8))
    out.push({ type, start: at, end })
    at = end
    if (type === 'IEND') return out
  }
  return null
}

/** Whether `bytes` is an animated PNG (an `acTL` chunk before the image data). */
export function isAnimatedPng(bytes: Uint8Array): boolean {
  const list = chunks(bytes)
  if (!list) return false
  for (const c of list) {
    if (c.type === 'acTL') return true
    if (c.type === 'IDAT') return false
  }
  return false
}

/**
 * The PNG with only the chunks in {@link KEEP}, or null when it is not a well-formed PNG or
 * has a critical chunk this code does not know (dropping one would break the image).
 */
export function stripPng(bytes: Uint8Array): Uint8Array | null {
  const list = chunks(bytes)
  if (!list) return null
  const kept: Chunk[] = []
  for (const c of list) {
    const critical = c.type.charCodeAt(0) < 0x61 // an upper-case first letter
    if (KEEP.has(c.type)) kept.push(c)
    else if (critical) return null
  }
  const out = new Uint8Array(8 + kept.reduce((n, c) => n + c.end - c.start, 0))
  out.set(bytes.subarray(0, 8))
  let at = 8
  for (const c of kept) {
    out.set(bytes.subarray(c.start, c.end), at)
    at += c.end - c.start
  }
  return out
}
