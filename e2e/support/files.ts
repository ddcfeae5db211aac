/**
 * What a receiving member's browser does with a file message, done again in the test with
 * WebCrypto and the protocol's own definitions, to look at exactly what arrived: the sealed
 * message opened with the room key, the blob downloaded and its chunks opened with the
 * file's key. Also a JPEG with a GPS position in its EXIF, as a phone's camera writes one.
 */
import type { Page } from 'playwright-core'
import {
  envelopeAdditionalData,
  splitEnvelope,
  type EnvelopeContext,
} from '../../protocol/envelope.js'
import {
  ENCRYPTED_CHUNK_BYTES,
  fileChunkAdditionalData,
  fileChunkIv,
  type SealedFileMessage,
} from '../../protocol/files.js'
import type { MessageFrame } from '../../protocol/frames.js'

const utf8 = new TextEncoder()
const bytesOf = (b64url: string) => new Uint8Array(Buffer.from(b64url, 'base64url'))
const aesKey = (raw: Uint8Array, use: 'decrypt') =>
  crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'AES-GCM', false, [use])

/** The `message` frames the page's chat socket receives from now on (live and in history). */
export function receivedMessages(page: Page): MessageFrame[] {
  const frames: MessageFrame[] = []
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { type: string; messages?: MessageFrame[] }
      if (frame.type === 'message') frames.push(frame as MessageFrame)
      if (frame.type === 'history') frames.push(...(frame.messages ?? []))
    }),
  )
  return frames
}

/** The sealed file message inside an encrypted room's envelope. */
export async function openSealed(
  roomKey: string,
  ctx: EnvelopeContext,
  envelope: string,
): Promise<SealedFileMessage> {
  const parts = splitEnvelope(envelope)
  if (!parts) throw new Error('not an envelope')
  const plain = await crypto.subtle.decrypt(
    {
      name: 'AES-GCM',
      iv: bytesOf(parts.iv),
      additionalData: utf8.encode(envelopeAdditionalData(ctx)),
    },
    await aesKey(bytesOf(roomKey), 'decrypt'),
    bytesOf(parts.ciphertext),
  )
  return JSON.parse(new TextDecoder().decode(plain)) as SealedFileMessage
}

/** The file's bytes as the room's members get them: downloaded, each chunk opened, cut. */
export async function downloadSealed(
  baseUrl: string,
  roomId: string,
  file: SealedFileMessage['file'],
): Promise<{ stored: Uint8Array; content: Uint8Array }> {
  const res = await fetch(`${baseUrl}/api/rooms/${roomId}/files/${file.blob}`)
  if (res.status !== 200) throw new Error(`download answered ${res.status}`)
  const stored = new Uint8Array(await res.arrayBuffer())
  const key = await aesKey(bytesOf(file.key), 'decrypt')
  const count = stored.length / ENCRYPTED_CHUNK_BYTES
  const out: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const chunk = stored.subarray(i * ENCRYPTED_CHUNK_BYTES, (i + 1) * ENCRYPTED_CHUNK_BYTES)
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: fileChunkIv(i) as Uint8Array<ArrayBuffer>,
        additionalData: utf8.encode(fileChunkAdditionalData(i, count)),
      },
      key,
      chunk as Uint8Array<ArrayBuffer>,
    )
    out.push(new Uint8Array(plain))
  }
  return { stored, content: new Uint8Array(Buffer.concat(out)).subarray(0, file.size) }
}

/** Written into the GPS block and looked for afterwards. */
export const GPS_MARKER = 'GPS-MARKER-48N'

/**
 * `jpeg` with an APP1 Exif segment spliced in after its start: Orientation 6 (turn 90°
 * clockwise to show), a GPS IFD at 48°51'29.5"N 2°17'40.1"E, and an image description
 * holding {@link GPS_MARKER}.
 */
export function jpegWithGps(jpeg: Uint8Array): Uint8Array {
  const tiff = Buffer.alloc(200)
  let at = 0
  const u16 = (n: number) => ((at = tiff.writeUInt16BE(n, at)), undefined)
  const u32 = (n: number) => ((at = tiff.writeUInt32BE(n, at)), undefined)
  const entry = (tag: number, type: number, count: number, value: number, short = false) => {
    u16(tag)
    u16(type)
    u32(count)
    if (short) {
      u16(value)
      u16(0)
    } else u32(value)
  }
  const ascii = (text: string, where: number) => tiff.write(`${text}\0`, where, 'latin1')
  u16(0x4d4d) // "MM": big-endian
  u16(42)
  u32(8) // IFD0
  u16(3)
  entry(0x010e, 2, GPS_MARKER.length + 1, 170) // ImageDescription
  entry(0x0112, 3, 1, 6, true) // Orientation
  entry(0x8825, 4, 1, 50) // GPS IFD
  u32(0)
  // GPS IFD at 50: N 48 51 29.5, E 2 17 40.1 (rationals at 116 and 140).
  at = 50
  u16(4)
  entry(0x0001, 2, 2, 0x4e000000) // "N"
  entry(0x0002, 5, 3, 116)
  entry(0x0003, 2, 2, 0x45000000) // "E"
  entry(0x0004, 5, 3, 140)
  u32(0)
  at = 116
  for (const [n, d] of [
    [48, 1],
    [51, 1],
    [2950, 100],
    [2, 1],
    [17, 1],
    [4010, 100],
  ]) {
    u32(n!)
    u32(d!)
  }
  ascii(GPS_MARKER, 170)
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.alloc(2), body])
  app1.writeUInt16BE(body.length + 2, 2)
  return new Uint8Array(Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]))
}

/** Whether a JPEG holds an APP1 Exif segment (walks its segments up to the image data). */
export function hasExifSegment(jpeg: Uint8Array): boolean {
  let at = 2
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1]!
    if (marker === 0xda) return false // start of scan: no more metadata segments
    const length = (jpeg[at + 2]! << 8) | jpeg[at + 3]!
    const id = Buffer.from(jpeg.subarray(at + 4, at + 8)).toString('latin1')
    if (marker === 0xe1 && id === 'Exif') return true
    at += 2 + length
  }
  return false
}

/** A PNG's size from its IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(png)
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) }
}

/** A 1 × 1 GIF of two frames that loops, with `comment` in a comment extension. */
export function animatedGif(comment: string): Uint8Array {
  const frame = [
    ...[0x21, 0xf9, 4, 0x04, 10, 0, 0, 0], // graphic control: 100 ms
    ...[0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0], // image descriptor, 1 × 1
    ...[0x02, 0x02, 0x44, 0x01, 0x00], // LZW: one pixel of colour 0
  ]
  return new Uint8Array([
    ...Buffer.from('GIF89a', 'latin1'),
    ...[1, 0, 1, 0, 0x80, 0, 0], // 1 × 1, a global table of 2 colours
    ...[0xe1, 0x1d, 0x48, 0xff, 0xff, 0xff],
    ...[0x21, 0xff, 11, ...Buffer.from('NETSCAPE2.0', 'latin1'), 3, 1, 0, 0, 0],
    ...[0x21, 0xfe, comment.length, ...Buffer.from(comment, 'latin1'), 0],
    ...frame,
    ...frame,
    0x3b,
  ])
}
