/** What the files specs share: a sealed file message's JSON, and a file encrypted for the room. */
import { ENCRYPTED_CHUNK_BYTES } from '../../../../../protocol/files'
import type { Attachment } from '../attachment'
import { encryptChunk, encryptedChunkCount, newFileKey } from '../chunk-crypto'

export const PREVIEW = 'data:image/jpeg;base64,/9j/4AAQSkZJRg=='
export const FILE_KEY_TEXT = 'A'.repeat(43)

/** The JSON inside a file message's envelope, with `changes` made to its file. */
export function sealedJson(file: Record<string, unknown> = {}, text = 'the caption'): string {
  return JSON.stringify({
    v: 1,
    text,
    file: {
      blob: 'b1',
      key: FILE_KEY_TEXT,
      name: 'photo.jpg',
      type: 'image/jpeg',
      size: 300_000,
      width: 1600,
      height: 1200,
      preview: PREVIEW,
      ...file,
    },
  })
}

/** `size` random-looking bytes (a counter pattern, so a wrong offset shows). */
export function contentOf(size: number): Uint8Array {
  const out = new Uint8Array(size)
  for (let i = 0; i < size; i++) out[i] = (i * 31 + (i >> 8)) & 0xff
  return out
}

/** `content` as an encrypted room stores it, with the attachment that opens it. */
export async function encryptedFile(content: Uint8Array, name = 'report.pdf') {
  const key = await newFileKey()
  const count = encryptedChunkCount(content.length)
  const stored = new Uint8Array(count * ENCRYPTED_CHUNK_BYTES)
  for (let i = 0; i < count; i++) {
    stored.set(await encryptChunk(key.key, content, i, count), i * ENCRYPTED_CHUNK_BYTES)
  }
  const file: Attachment = {
    blob: 'b1',
    name,
    type: 'application/pdf',
    size: content.length,
    key: key.text,
  }
  return { stored, file }
}

/** A fetch that answers `status` with `body` cut into pieces of the given sizes, in turn. */
export function fakeFetch(body: Uint8Array, pieces: number[], status = 200) {
  const calls: string[] = []
  const impl = (async (url: string | URL | Request) => {
    calls.push(String(url))
    let at = 0
    let next = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= body.length) return controller.close()
        const size = pieces[next++ % pieces.length]!
        controller.enqueue(body.slice(at, at + size))
        at += size
      },
    })
    return new Response(status === 200 ? stream : null, { status })
  }) as typeof fetch
  return { impl, calls }
}
