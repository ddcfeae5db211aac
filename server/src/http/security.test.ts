import { readFile } from 'node:fs/promises'
import Fastify, { type FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { afterEach, describe, expect, it } from 'vitest'
import {
  contentSecurityPolicy,
  RESPONSE_HEADERS,
  SECURITY_HEADERS,
  securityHeaders,
} from './security.js'

const NGINX_SNIPPET = new URL('../../../deploy/nginx/security-headers.conf', import.meta.url)

let app: FastifyInstance | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

async function buildApp(): Promise<FastifyInstance> {
  const instance = Fastify()
  await instance.register(securityHeaders)
  await instance.register(swagger, { openapi: { info: { title: 'test', version: '0' } } })
  await instance.register(swaggerUi, { routePrefix: '/docs' })
  instance.get('/api/thing', async () => ({ ok: true }))
  instance.get('/api/boom', async () => {
    throw new Error('boom')
  })
  await instance.ready()
  return instance
}

describe('security headers', () => {
  it('builds a policy with no inline script and no framing', () => {
    const csp = contentSecurityPolicy()
    // Exactly what a WebAssembly KDF needs (the password room's Argon2id), and no more.
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("connect-src 'self' ws: wss:")
    // The app-shell service worker and the manifest: this origin only, nothing wider.
    expect(csp).toContain("worker-src 'self';")
    expect(csp).toContain("manifest-src 'self';")
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/)
    expect(csp).not.toContain('upgrade-insecure-requests')
  })

  it('sends the policy and the other headers on routes, errors, 404s and /docs', async () => {
    app = await buildApp()
    for (const url of [
      '/api/thing',
      '/api/boom',
      '/nowhere',
      '/docs',
      '/docs/static/swagger-initializer.js',
      '/docs/json',
    ]) {
      const res = await app.inject({ url })
      expect(res.headers['content-security-policy'], url).toBe(contentSecurityPolicy())
      for (const [name, value] of Object.entries(RESPONSE_HEADERS)) {
        expect(res.headers[name], `${url} ${name}`).toBe(value)
      }
      expect(res.headers['strict-transport-security'], url).toBeUndefined()
    }
  })

  it('keeps /docs working under the policy: its page loads scripts only from files', async () => {
    app = await buildApp()
    const res = await app.inject({ url: '/docs' })
    expect(res.statusCode).toBe(200)
    const scripts = [...res.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="[^"]+"/)
      expect(body?.trim()).toBe('')
    }
    expect(res.body).not.toMatch(/\son[a-z]+=/i)
    const init = await app.inject({ url: '/docs/static/swagger-initializer.js' })
    expect(init.statusCode).toBe(200)
  })

  it('is the same policy nginx sends with the SPA', async () => {
    const snippet = await readFile(NGINX_SNIPPET, 'utf8')
    const csp = /add_header\s+Content-Security-Policy\s+"([^"]+)"\s+always;/.exec(snippet)?.[1]
    expect(csp).toBe(contentSecurityPolicy())
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      expect(snippet.toLowerCase()).toContain(`add_header ${name} "${value.toLowerCase()}" always;`)
    }
  })
})
