import { describe, expect, it } from 'vitest'
import { transferChunks } from '../chunk-transfer'
import { UploadHttpError, UploadNetworkError, deleteUpload } from '../upload-http'

const target = { roomId: 'room 1', blob: 'b1', token: 'tok' }
const BASE = '/api/rooms/room%201/files/b1'

/**
 * A server that keeps the chunks it gets, and a network that can go down: while `down`,
 * requests fail like a lost connection, after reaching the server when `dropAnswers` (the
 * chunk is stored, the answer lost).
 */
function fakeServer(chunks: number) {
  const stored = new Map<number, Uint8Array>()
  const puts: number[] = []
  const requests: { method: string; url: string; auth: string | null }[] = []
  const net = { down: false, dropAnswers: false, failAfter: Infinity }
  const fetch = (async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET'
    const headers = new Headers(init.headers)
    requests.push({ method, url, auth: headers.get('authorization') })
    if (puts.length >= net.failAfter) net.down = true
    if (net.down && !net.dropAnswers) throw new TypeError('Failed to fetch')
    let response: Response
    const match = /\/chunks\/(\d+)$/.exec(url)
    if (method === 'PUT' && match) {
      const index = Number(match[1])
      puts.push(index)
      expect(headers.get('content-type')).toBe('application/octet-stream')
      stored.set(index, new Uint8Array(init.body as Uint8Array))
      response = new Response(null, { status: 204 })
    } else if (method === 'GET' && url.endsWith('/chunks')) {
      const missing = [...Array(chunks).keys()].filter((i) => !stored.has(i))
      response = Response.json({ chunks, missing })
    } else if (method === 'DELETE') {
      response = new Response(null, { status: 204 })
    } else response = new Response(null, { status: 404 })
    if (net.down) throw new TypeError('Failed to fetch')
    return response
  }) as typeof globalThis.fetch
  return { fetch, stored, puts, requests, net }
}

const chunk = (i: number) => Promise.resolve(new Uint8Array([i, i, i]))

describe('sending chunks', () => {
  it('sends every chunk once with the bearer token, and counts progress to the end', async () => {
    const server = fakeServer(7)
    const progress: number[] = []
    await transferChunks({
      target,
      chunks: 7,
      chunk,
      fetch: server.fetch,
      onProgress: (done) => progress.push(done),
      waitForNetwork: () => Promise.reject(new Error('the network never went')),
    })
    expect(server.puts.sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(server.requests.every((r) => r.auth === 'Bearer tok')).toBe(true)
    expect(server.requests[0]!.url).toBe(`${BASE}/chunks/0`)
    expect(server.stored.get(5)).toEqual(new Uint8Array([5, 5, 5]))
    expect(progress.at(-1)).toBe(7)
  })

  it('after a dropped connection asks what is missing and sends only that', async () => {
    const server = fakeServer(10)
    server.net.failAfter = 4
    const waits: number[] = []
    await transferChunks({
      target,
      chunks: 10,
      chunk,
      fetch: server.fetch,
      parallel: 1,
      waitForNetwork: async (attempt) => {
        waits.push(attempt)
        server.net.down = false
        server.net.failAfter = Infinity
      },
    })
    expect(waits).toEqual([1])
    // 0–3 went before the drop; the 5th PUT never reached the server.
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(1)
    expect(server.puts).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(server.stored.size).toBe(10)
  })

  it('does not send again a chunk that arrived when only its answer was lost', async () => {
    const server = fakeServer(6)
    server.net.failAfter = 3
    server.net.dropAnswers = true
    await transferChunks({
      target,
      chunks: 6,
      chunk,
      fetch: server.fetch,
      parallel: 1,
      waitForNetwork: async () => {
        server.net.down = false
        server.net.failAfter = Infinity
      },
    })
    // Chunk 3 reached the server although its answer was lost: the list says so.
    expect(server.puts).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('taken up later, sends only what the server lacks', async () => {
    const server = fakeServer(5)
    for (const i of [0, 2, 3]) server.stored.set(i, new Uint8Array([i]))
    const progress: number[] = []
    await transferChunks({
      target,
      chunks: 5,
      chunk,
      fetch: server.fetch,
      resume: true,
      onProgress: (done) => progress.push(done),
      waitForNetwork: () => Promise.reject(new Error('no')),
    })
    expect(server.puts.sort()).toEqual([1, 4])
    expect(progress[0]).toBe(3)
    expect(progress.at(-1)).toBe(5)
  })

  it('gives up when told to, and passes on what the server refused', async () => {
    const server = fakeServer(3)
    server.net.down = true
    await expect(
      transferChunks({
        target,
        chunks: 3,
        chunk,
        fetch: server.fetch,
        waitForNetwork: () => Promise.reject(new UploadNetworkError('gone for good')),
      }),
    ).rejects.toThrow('gone for good')

    const refusing = (async () =>
      Response.json(
        {
          statusCode: 429,
          error: 'Too Many Requests',
          message: 'Slow down.',
          code: 'rate_limited',
        },
        { status: 429 },
      )) as unknown as typeof fetch
    const err = await transferChunks({
      target,
      chunks: 3,
      chunk,
      fetch: refusing,
      waitForNetwork: () => Promise.resolve(),
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UploadHttpError)
    expect(err).toMatchObject({ status: 429, message: 'Slow down.', code: 'rate_limited' })
  })

  it('cancels with DELETE, and a failing cancel is no error', async () => {
    const server = fakeServer(1)
    await deleteUpload(server.fetch, target)
    expect(server.requests).toEqual([{ method: 'DELETE', url: BASE, auth: 'Bearer tok' }])
    server.net.down = true
    await expect(deleteUpload(server.fetch, target)).resolves.toBeUndefined()
  })
})
