/**
 * GIF at the block level (GIF89a spec): how many frames it has, and the same image without
 * comment, plain-text and application extensions other than the looping one (XMP and ICC
 * profiles travel in application extensions), for an animated GIF that a canvas would
 * flatten to one frame.
 */
const LOOP_APPLICATIONS = new Set(['NETSCAPE2.0', 'ANIMEXTS1.0'])

interface Walk {
  frames: number
  /** Byte ranges to keep, in order. */
  kept: [number, number][]
}

/** Past the data sub-blocks starting at `at` (each a length byte, ended by a zero), or -1. */
function skipSubBlocks(bytes: Uint8Array, at: number): number {
  while (at < bytes.length) {
    const length = bytes[at]!
    at += 1 + length
    if (length === 0) return at
  }
  return -1
}

const colorTableBytes = (packed: number) => (packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0)

function walk(bytes: Uint8Array): Walk | null {
  const header = String.fromCharCode(...bytes.subarray(0, 6))
  if (header !== 'GIF87a' && header !== 'GIF89a') return null
  if (bytes.length < 13) return null
  let at = 13 + colorTableBytes(bytes[10]!)
  const kept: [number, number][] = [[0, at]]
  let frames = 0
  while (at < bytes.length) {
    const start = at
    const introducer = bytes[at]
    if (introducer === 0x3b) {
      kept.push([at, at + 1])
      return { frames, kept }
    }
    if (introducer === 0x2c) {
      if (at + 10 > bytes.length) return null
      at += 10 + colorTableBytes(bytes[at + 9]!) + 1 // descriptor, local table, LZW code size
      at = skipSubBlocks(bytes, at)
      if (at < 0) return null
      frames += 1
      kept.push([start, at])
      continue
    }
    if (introducer !== 0x21 || at + 2 > bytes.length) return null
    const label = bytes[at + 1]
    at = skipSubBlocks(bytes, at + 2)
    if (at < 0) return null
    const application =
      label === 0xff && bytes[start + 2] === 11
        ? String.fromCharCode(...bytes.subarray(start + 3, start + 14))
        : ''
    // Frame timing and looping stay; comments, text and other applications' data go.
    if (label === 0xf9 || LOOP_APPLICATIONS.has(application)) kept.push([start, at])
  }
  return null
}

/** How many frames a GIF has, or 0 when it is not a well-formed GIF. */
export function gifFrameCount(bytes: Uint8Array): number {
  return walk(bytes)?.frames ?? 0
}

/** The GIF with only its frames, their timing and looping, or null when it is not one. */
export function stripGif(bytes: Uint8Array): Uint8Array | null {
  const found = walk(bytes)
  if (!found) return null
  const out = new Uint8Array(found.kept.reduce((n, [s, e]) => n + e - s, 0))
  let at = 0
  for (const [s, e] of found.kept) {
    out.set(bytes.subarray(s, e), at)
    at += e - s
  }
  return out
}
