import { describe, expect, it } from 'vitest'
import { ENCRYPTED_CHUNK_BYTES } from '../../../../../protocol/files'
import { DOWNLOAD_FAILURES, downloadFile } from '../download'
import { contentOf, encryptedFile, fakeFetch } from './fixtures'

/** Byte for byte (a plain `toEqual` walks 300 000 elements one by one, slowly). */
async function expectBytes(blob: Blob, content: Uint8Array) {
  const got = new Uint8Array(await blob.arrayBuffer())
  expect(got.length).toBe(content.length)
  expect(got.findIndex((byte, i) => byte !== content[i])).toBe(-1)
}

describe('downloadFile', () => {
  it('opens an encrypted file arriving in odd-sized pieces, cut to its real size', async () => {
    // 300 000 bytes: 5 chunks of content, padded to 6 stored chunks.
    const content = contentOf(300_000)
    const { stored, file } = await encryptedFile(content)
    expect(stored.length).toBe(6 * ENCRYPTED_CHUNK_BYTES)
    const fetch = fakeFetch(stored, [1, 70_001, 13, 65_552, 99_999])
    const progress: number[] = []
    const blob = await downloadFile('room one', file, {
      fetchImpl: fetch.impl,
      onProgress: (received, total) => progress.push(received / total),
    })
    expect(fetch.calls).toEqual(['/api/rooms/room%20one/files/b1'])
    expect(blob.size).toBe(300_000)
    expect(blob.type).toBe('application/octet-stream')
    await expectBytes(blob, content)
    expect(progress[0]).toBe(0)
    expect(progress.at(-1)).toBe(1)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
  })

  it('refuses a file with one changed byte, or its chunks in another order', async () => {
    const { stored, file } = await encryptedFile(contentOf(150_000))
    const tampered = stored.slice()
    tampered[ENCRYPTED_CHUNK_BYTES + 10]! ^= 1
    await expect(
      downloadFile('r1', file, { fetchImpl: fakeFetch(tampered, [4096]).impl }),
    ).rejects.toThrow(DOWNLOAD_FAILURES.undecryptable)
    const swapped = stored.slice()
    swapped.set(stored.subarray(0, ENCRYPTED_CHUNK_BYTES), ENCRYPTED_CHUNK_BYTES)
    swapped.set(stored.subarray(ENCRYPTED_CHUNK_BYTES, 2 * ENCRYPTED_CHUNK_BYTES), 0)
    await expect(
      downloadFile('r1', file, { fetchImpl: fakeFetch(swapped, [65_552]).impl }),
    ).rejects.toThrow(DOWNLOAD_FAILURES.undecryptable)
  })

  it('refuses a file cut short or made longer, and one opened with another key', async () => {
    const { stored, file } = await encryptedFile(contentOf(150_000))
    const short = stored.subarray(0, stored.length - ENCRYPTED_CHUNK_BYTES)
    await expect(
      downloadFile('r1', file, { fetchImpl: fakeFetch(short, [50_000]).impl }),
    ).rejects.toThrow(DOWNLOAD_FAILURES.failed)
    const long = new Uint8Array(stored.length + 1)
    long.set(stored)
    await expect(
      downloadFile('r1', file, { fetchImpl: fakeFetch(long, [50_000]).impl }),
    ).rejects.toThrow(DOWNLOAD_FAILURES.failed)
    const other = await encryptedFile(contentOf(150_000))
    await expect(
      downloadFile('r1', other.file, { fetchImpl: fakeFetch(stored, [50_000]).impl }),
    ).rejects.toThrow(DOWNLOAD_FAILURES.undecryptable)
  })

  it('takes a plain room’s file as it is, with the type asked for', async () => {
    const content = contentOf(70_000)
    const file = { blob: 'b1', name: 'a.png', type: 'image/png', size: 70_000 }
    const blob = await downloadFile('r1', file, {
      fetchImpl: fakeFetch(content, [3, 30_000]).impl,
      type: 'image/png',
    })
    expect(blob.type).toBe('image/png')
    await expectBytes(blob, content)
    await expect(
      downloadFile('r1', file, { fetchImpl: fakeFetch(content.subarray(1), [30_000]).impl }),
    ).rejects.toThrow(DOWNLOAD_FAILURES.failed)
  })

  it('says when the room, and its files, are gone', async () => {
    const file = { blob: 'b1', name: 'a.png', type: 'image/png', size: 7 }
    await expect(
      downloadFile('r1', file, { fetchImpl: fakeFetch(new Uint8Array(), [1], 404).impl }),
    ).rejects.toThrow(DOWNLOAD_FAILURES.gone)
    await expect(
      downloadFile('r1', file, { fetchImpl: fakeFetch(new Uint8Array(), [1], 500).impl }),
    ).rejects.toThrow(DOWNLOAD_FAILURES.failed)
  })
})
