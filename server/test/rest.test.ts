/** The REST API, docs and SPA serving over real HTTP. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { get as httpGet, type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { postRoom } from '../../testkit/rooms.js'
import { startServer, type TestServer } from './support/app.js'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** A GET whose body stays as sent (fetch would decode it). */
function request(
  url: string,
  options: { headers: Record<string, string> },
): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, options, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    }).on('error', reject)
  })
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

describe('rooms API', () => {
  it('creates a room with or without a body and trailing slash', async () => {
    server = await startServer()
    const variants: RequestInit[] = [
      { method: 'POST' },
      { method: 'POST', headers: { 'content-type': 'application/json' } },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
    ]
    const ids = new Set<string>()
    for (const [i, init] of variants.entries()) {
      const res = await fetch(`${server.baseUrl}/api/rooms${i % 2 ? '' : '/'}`, init)
      expect(res.status).toBe(201)
      const room = (await res.json()) as Record<string, unknown>
      expect(Object.keys(room).sort()).toEqual([
        'created_at',
        'creator_token',
        'encrypted',
        'expires_at',
        'lifetime_seconds',
        'locked',
        'room_id',
        'ttl_seconds',
      ])
      // Seed clients send no body: they get the plain rooms they know.
      expect(room.encrypted).toBe(false)
      expect(room.created_at).toMatch(ISO)
      expect(room.expires_at).toMatch(ISO)
      expect(room.ttl_seconds).toBe(3600)
      // 128 random bits, base64url.
      expect(room.room_id).toMatch(/^[A-Za-z0-9_-]{22}$/)
      ids.add(room.room_id as string)
    }
    expect(ids.size).toBe(3)
  })

  it('describes a room with ttl_seconds counting down, and 404s unknown rooms with JSON', async () => {
    server = await startServer({ CHATTY_ROOM_TTL_SECONDS: '60' })
    const id = await server.createRoom()
    await new Promise((r) => setTimeout(r, 1100))
    const res = await fetch(`${server.baseUrl}/api/rooms/${id}`)
    expect(res.status).toBe(200)
    const room = (await res.json()) as { room_id: string; ttl_seconds: number }
    expect(room.room_id).toBe(id)
    expect(room.ttl_seconds).toBeLessThan(60)
    expect(room.ttl_seconds).toBeGreaterThan(55)

    for (const bad of ['AAAAAAAAAAAAAAAAAAAAAA', 'x', '%00']) {
      const miss = await fetch(`${server.baseUrl}/api/rooms/${bad}`)
      expect(miss.status).toBe(404)
      expect(await miss.json()).toMatchObject({ statusCode: 404, error: 'Not Found' })
    }
  })

  it('rejects a malformed JSON body with a 400 JSON error', async () => {
    server = await startServer()
    const res = await fetch(`${server.baseUrl}/api/rooms/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' })
  })

  it('limits room creation per client address with a 429 JSON error', async () => {
    server = await startServer({ CHATTY_ROOMS_PER_MINUTE: '3' })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      statuses.push((await fetch(`${server.baseUrl}/api/rooms/`, { method: 'POST' })).status)
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429])
    const res = await fetch(`${server.baseUrl}/api/rooms/`, { method: 'POST' })
    expect(res.status).toBe(429)
    const body = (await res.json()) as { message: string }
    expect(body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' })
    expect(body.message).toMatch(/Too many rooms/)
    // Reading rooms is not limited.
    expect((await fetch(`${server.baseUrl}/api/rooms/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404)
  })

  it('with rooms shorter than a minute and no max set, offers and accepts that one lifetime', async () => {
    server = await startServer({ CHATTY_ROOM_TTL_SECONDS: '8' })
    const config = await fetch(`${server.baseUrl}/api/config`)
    expect(await config.json()).toEqual({
      min_room_ttl_seconds: 8,
      max_room_ttl_seconds: 8,
      default_room_ttl_seconds: 8,
    })
    const chosen = await postRoom(server.baseUrl, { ttl_seconds: 8 })
    expect(chosen.status).toBe(201)
    expect(chosen.body.lifetime_seconds).toBe(8)
    const longer = await postRoom(server.baseUrl, { ttl_seconds: 60 })
    expect(longer.status).toBe(422)
    expect(longer.body).toMatchObject({ min_ttl_seconds: 8, max_ttl_seconds: 8 })
  })

  it('answers an unknown API path with a 404 that names it, a missing room with its own', async () => {
    server = await startServer()
    const id = await server.createRoom()
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['POST', '/api/nope?x=1'],
      ['GET', '/api/room/AAAAAAAAAAAAAAAAAAAAAA'],
      ['GET', `/api/rooms/${id}/messages`],
      ['DELETE', `/api/rooms/${id}`],
      ['PUT', '/api/config'],
    ] as const) {
      const res = await fetch(`${server.baseUrl}${path}`, { method })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      expect(await res.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: `No such API endpoint: ${method} ${path.split('?')[0]}`,
      })
    }
    // A room that is not there (any id, too long for the router included) is still just that.
    for (const missing of ['AAAAAAAAAAAAAAAAAAAAAA', 'x', 'a'.repeat(500)]) {
      const res = await fetch(`${server.baseUrl}/api/rooms/${missing}`)
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'Room not found or expired',
      })
    }
  })

  it('has no way to list rooms', async () => {
    server = await startServer()
    await server.createRoom()
    const res = await fetch(`${server.baseUrl}/api/rooms/`)
    expect(res.status).toBe(404)
  })
})

describe('docs', () => {
  it('serves OpenAPI listing the routes and describing the WebSocket protocol', async () => {
    server = await startServer()
    const spec = (await (await fetch(`${server.baseUrl}/docs/json`)).json()) as {
      info: { description: string }
      paths: Record<string, Record<string, unknown>>
    }
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/rooms/',
        '/api/rooms/{room_id}',
        '/ws/{room_id}',
        '/healthz',
        '/readyz',
      ]),
    )
    expect(spec.paths['/api/rooms/']).toHaveProperty('post')
    for (const word of [
      'join',
      'last_id',
      '__user_list__',
      '__system__',
      '4001',
      '4004',
      'history',
    ]) {
      expect(spec.info.description).toContain(word)
    }
    const html = await fetch(`${server.baseUrl}/docs`, { redirect: 'follow' })
    expect(html.status).toBe(200)
  })

  it('describes the operator settings, with their defaults, as the Settings schema', async () => {
    server = await startServer()
    const spec = (await (await fetch(`${server.baseUrl}/docs/json`)).json()) as {
      components: { schemas: Record<string, { properties: Record<string, { default: unknown }> }> }
    }
    const settings = Object.values(spec.components.schemas).find(
      (schema) => schema.properties?.CHATTY_ROOM_TTL_SECONDS,
    )
    expect(settings?.properties.CHATTY_ROOM_TTL_SECONDS?.default).toBe(3600)
    expect(Object.keys(settings?.properties ?? {})).toContain('CHATTY_REDIS_URL')
  })
})

describe('SPA serving', () => {
  it('says how to build the web app when it is missing', async () => {
    server = await startServer()
    const res = await fetch(`${server.baseUrl}/room/abc`)
    expect(res.status).toBe(503)
    expect(await res.text()).toContain('npm run build')
  })

  it('serves index.html for app routes, assets with long caching, JSON 404 for unknown API routes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatty-spa-'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Chatty SPA</title>')
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)')
    server = await startServer({ CHATTY_STATIC_DIR: dir })

    for (const path of ['/', '/room/some-id', '/anything/else']) {
      const res = await fetch(`${server.baseUrl}${path}`)
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('Chatty SPA')
      expect(res.headers.get('cache-control')).toBe('no-cache')
    }
    const asset = await fetch(`${server.baseUrl}/assets/app-abc123.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect((await fetch(`${server.baseUrl}/assets/missing.js`)).status).toBe(404)
    const api = await fetch(`${server.baseUrl}/api/nope`)
    expect(api.status).toBe(404)
    expect(await api.json()).toMatchObject({ statusCode: 404 })
  })

  it('serves the service worker and the manifest with their types, both revalidated on every visit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatty-spa-'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Chatty SPA</title>')
    writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
    writeFileSync(join(dir, 'manifest.webmanifest'), '{"name":"Chatty"}')
    server = await startServer({ CHATTY_STATIC_DIR: dir })

    const sw = await fetch(`${server.baseUrl}/sw.js`)
    expect(sw.status).toBe(200)
    expect(sw.headers.get('content-type')).toMatch(/^(application|text)\/javascript/)
    // A long-cached worker would keep an old shell after a deploy.
    expect(sw.headers.get('cache-control')).toBe('no-cache')
    expect(sw.headers.get('content-security-policy')).toContain("worker-src 'self'")
    const manifest = await fetch(`${server.baseUrl}/manifest.webmanifest`)
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/)
    expect(manifest.headers.get('cache-control')).toBe('no-cache')
  })

  it('sends the precompressed sibling the client accepts, the plain file otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatty-spa-'))
    mkdirSync(join(dir, 'assets'))
    const html = '<!doctype html><title>Chatty SPA</title>'.repeat(20)
    const script = 'console.log("compressed")\n'.repeat(50)
    writeFileSync(join(dir, 'index.html'), html)
    writeFileSync(join(dir, 'index.html.br'), brotliCompressSync(html))
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), script)
    writeFileSync(join(dir, 'assets', 'app-abc123.js.br'), brotliCompressSync(script))
    writeFileSync(join(dir, 'assets', 'app-abc123.js.gz'), gzipSync(script))
    server = await startServer({ CHATTY_STATIC_DIR: dir })

    const get = (path: string, acceptEncoding: string) =>
      request(`${server!.baseUrl}${path}`, { headers: { 'accept-encoding': acceptEncoding } })
    for (const path of ['/', '/room/some-id']) {
      const page = await get(path, 'gzip, deflate, br')
      expect(page.headers['content-encoding']).toBe('br')
      expect(page.headers['content-type']).toMatch(/^text\/html/)
      expect(page.headers['cache-control']).toBe('no-cache')
      expect(page.headers['vary']).toMatch(/accept-encoding/i)
      expect(brotliDecompressSync(page.body).toString()).toBe(html)
    }
    const br = await get('/assets/app-abc123.js', 'br')
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(br.headers['content-type']).toMatch(/javascript/)
    expect(brotliDecompressSync(br.body).toString()).toBe(script)
    const gz = await get('/assets/app-abc123.js', 'gzip')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).toString()).toBe(script)
    // No .gz of index.html, no encoding accepted: the plain file.
    for (const [path, encoding] of [
      ['/', 'gzip'],
      ['/assets/app-abc123.js', 'identity'],
    ] as const) {
      const plain = await get(path, encoding)
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.body.toString()).toBe(path === '/' ? html : script)
    }
  })
})
