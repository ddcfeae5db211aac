/** Small images built byte by byte, for the tests of metadata removal. */
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0))

function crc32(bytes: number[]): number {
  let crc = 0xffffffff
  for (const b of bytes) {
    crc ^= b
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

const u32be = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const u32le = (n: number) => u32be(n).reverse()

export function pngChunk(type: string, data: number[] = []): number[] {
  const body = [...ascii(type), ...data]
  return [...u32be(data.length), ...body, ...u32be(crc32(body))]
}

/** A PNG of the given chunks (IHDR first and IEND last are added). */
export function png(...chunks: number[][]): Uint8Array {
  const ihdr = pngChunk('IHDR', [...u32be(2), ...u32be(2), 8, 6, 0, 0, 0])
  return new Uint8Array([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...ihdr,
    ...chunks.flat(),
    ...pngChunk('IEND'),
  ])
}

export function webpChunk(type: string, data: number[]): number[] {
  return [...ascii(type), ...u32le(data.length), ...data, ...(data.length % 2 ? [0] : [])]
}

export function webp(...chunks: number[][]): Uint8Array {
  const body = [...ascii('WEBP'), ...chunks.flat()]
  return new Uint8Array([...ascii('RIFF'), ...u32le(body.length), ...body])
}

/** A VP8X chunk with these flags (animation 0x02, XMP 0x04, EXIF 0x08, alpha 0x10, ICC 0x20). */
export const vp8x = (flags: number) => webpChunk('VP8X', [flags, 0, 0, 0, 1, 0, 0, 1, 0, 0])

const subBlocks = (data: number[]) => [data.length, ...data, 0]

/** A GIF with a two-colour global table and the given blocks, then the trailer. */
export function gif(...blocks: number[][]): Uint8Array {
  return new Uint8Array([
    ...ascii('GIF89a'),
    2,
    0,
    2,
    0,
    0x80,
    0,
    0, // 2×2, a global colour table of 2 entries
    0,
    0,
    0,
    255,
    255,
    255,
    ...blocks.flat(),
    0x3b,
  ])
}

export const gifFrame = () => [
  0x21,
  0xf9,
  4,
  0x04,
  10,
  0,
  0,
  0, // graphic control: 100 ms
  0x2c,
  0,
  0,
  0,
  0,
  2,
  0,
  2,
  0,
  0, // image descriptor
  2,
  ...subBlocks([0x44, 0x01]), // LZW code size, data
]
export const gifLoop = () => [0x21, 0xff, 11, ...ascii('NETSCAPE2.0'), 3, 1, 0, 0, 0]
export const gifComment = (text: string) => [0x21, 0xfe, ...subBlocks(ascii(text))]
export const gifXmp = (text: string) => [
  0x21,
  0xff,
  11,
  ...ascii('XMP DataXMP'),
  ...subBlocks(ascii(text)),
]

export const contains = (bytes: Uint8Array, text: string) =>
  new TextDecoder('latin1').decode(bytes).includes(text)
export { ascii }
