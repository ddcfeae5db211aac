/** Strict edges: config refused naming the variable, REST and upgrade errors as clean JSON. */
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'
import { startServer, type TestServer } from './support/app.js'
import { rawConnect, upgradeRequest } from './support/attacker.js'

describe('config lists and addresses', () => {
  it.each([
    ['CHATTY_TRUST_PROXY', 'not-an-ip'],
    ['CHATTY_TRUST_PROXY', '10.0.0.0/33'],
    ['CHATTY_TRUST_PROXY', '10.0.0.1,nginx'],
    ['CHATTY_TRUST_PROXY', '::1/129'],
    ['CHATTY_TRUST_PROXY', '0'],
    ['CHATTY_ALLOWED_ORIGINS', 'chat.example.com'],
    ['CHATTY_ALLOWED_ORIGINS', 'https://chat.example.com/room'],
    ['CHATTY_ALLOWED_ORIGINS', 'ftp://chat.example.com'],
    ['CHATTY_ALLOWED_ORIGINS', 'https://a.example,https//b.example'],
    ['CHATTY_HOST', 'local host'],
    ['CHATTY_MAX_SOCKETS_PER_ADDRESS', '0'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError)
    expect(() => loadConfig({ [name]: value })).toThrow(name)
  })

  it('accepts every documented form', () => {
    expect(loadConfig({ CHATTY_TRUST_PROXY: 'true' }).trustProxy).toBe(true)
    expect(loadConfig({ CHATTY_TRUST_PROXY: 'false' }).trustProxy).toBe(false)
    expect(loadConfig({ CHATTY_TRUST_PROXY: '2' }).trustProxy).toBe(2)
    expect(loadConfig({ CHATTY_TRUST_PROXY: '172.30.57.0/24, 10.0.0.5,::1' }).trustProxy).toEqual([
      '172.30.57.0/24',
      '10.0.0.5',
      '::1',
    ])
    expect(
      loadConfig({ CHATTY_ALLOWED_ORIGINS: 'https://chat.example.com/, http://localhost:5173' })
        .allowedOrigins,
    ).toEqual(['https://chat.example.com', 'http://localhost:5173'])
    expect(loadConfig({ CHATTY_ALLOWED_ORIGINS: '*' }).allowedOrigins).toEqual(['*'])
    expect(loadConfig({ CHATTY_HOST: '::' }).host).toBe('::')
    expect(loadConfig({ CHATTY_HOST: 'localhost' }).host).toBe('localhost')
    expect(loadConfig({}).maxSocketsPerAddress).toBe(64)
    expect(loadConfig({}).ipv6PrefixBits).toBe(64)
  })
})

describe('HTTP edges', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('answers a non-JSON body on POST /api/rooms/ with 415 JSON', async () => {
    server = await startServer()
    for (const [type, body] of [
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'a=1'],
      ['text/plain', '{}'],
    ] as const) {
      const res = await fetch(`${server.baseUrl}/api/rooms/`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      })
      expect(res.status, type).toBe(415)
      expect(await res.json()).toMatchObject({ statusCode: 415, message: /JSON/ })
    }
  })

  it('answers an over-long room id with the API 404 in JSON, never the static handler', async () => {
    // A built SPA, so the static handler is there to get it wrong.
    server = await startServer({ CHATTY_STATIC_DIR: 'web' })
    for (const length of [101, 500, 5000]) {
      const res = await fetch(`${server.baseUrl}/api/rooms/${'a'.repeat(length)}`)
      expect(res.status, String(length)).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/application\/json/)
      expect(await res.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'Room not found or expired',
      })
    }
  })

  it('answers an upgrade on a path other than /ws/{id} with HTTP 404 and closes', async () => {
    server = await startServer({ CHATTY_STATIC_DIR: 'web' })
    const port = Number(new URL(server.baseUrl).port)
    for (const path of ['/ws/', '/ws', '/ws/a/b', '/', '/room/abc', '/api/rooms/x', '/docs']) {
      const conn = await rawConnect(port, upgradeRequest(port, path))
      let text = ''
      conn.socket.on('data', (d: Buffer) => (text += d.toString('latin1')))
      await conn.gone
      expect(text.split('\r\n')[0], path).toBe('HTTP/1.1 404 Not Found')
      expect(text).toContain('"statusCode":404')
    }
  })
})
