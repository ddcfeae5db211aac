/**
 * The production topology without containers: one private Redis, two built server
 * processes on it, and Debian's nginx running the project's deploy/nginx/chatty.conf in
 * front (what `docker compose up --scale api=2` runs, on loopback). Two browsers on the
 * nginx port, pinned to different processes, chat both ways; the SPA's headers, the
 * health and docs routes, the client address and the WebSocket Origin check are checked
 * through nginx. A missing nginx, redis-server or chromium fails the test.
 */
import type { BrowserContext, Page } from 'playwright-core'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../server/src/http/security.js'
import { requireBuild, startChatty, type ChattyProcess } from '../testkit/chatty.js'
import { freePort } from '../testkit/net.js'
import { REPO, requireProgram } from '../testkit/process.js'
import { startRedis, type TestRedis } from '../testkit/redis.js'
import { launchBrowser, type TestBrowser } from './support/browser.js'
import { requestFrom } from './topology/client-address.js'
import { startNginx, type TestNginx } from './topology/nginx.js'

const ROOMS_PER_MINUTE = 4

let redis: TestRedis
const servers: ChattyProcess[] = []
const ports: number[] = []
let nginx: TestNginx
let browser: TestBrowser

beforeAll(async () => {
  requireProgram('redis-server', ['--version'], 'install it with `apt-get install -y redis-server`')
  requireBuild()
  redis = await startRedis()
  while (ports.length < 2) {
    const port = await freePort()
    if (!ports.includes(port)) ports.push(port)
  }
  // One at a time, so a process that fails to start leaves the others in `servers` to stop.
  for (const port of ports) {
    servers.push(
      await startChatty({
        port,
        env: {
          CHATTY_REDIS_URL: redis.url,
          // Only nginx (connecting from 127.0.0.1) may say who the client is.
          CHATTY_TRUST_PROXY: '127.0.0.1',
          CHATTY_ROOMS_PER_MINUTE: String(ROOMS_PER_MINUTE),
          CHATTY_LOG_LEVEL: 'info',
        },
      }),
    )
  }
  nginx = await startNginx(
    ports.map((port) => `127.0.0.1:${port}`),
    `${REPO}/dist/web`,
  )
  browser = await launchBrowser()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await nginx?.stop()
  await Promise.all(servers.map((server) => server.stop()))
  await redis?.stop()
})

/** A browser context whose every request nginx sends to server process `n` (1-based). */
async function contextOn(n: number): Promise<BrowserContext> {
  const context = await browser.browser.newContext()
  await context.addCookies([{ name: 'chatty_upstream', value: String(n), url: nginx.url }])
  return context
}

async function join(page: Page, name: string): Promise<void> {
  await page.getByTestId('name-input').fill(name)
  await page.getByTestId('join-button').click()
  await expect
    .poll(() => page.getByTestId('chat-input').isEnabled(), { timeout: 10_000 })
    .toBe(true)
}

async function say(page: Page, text: string): Promise<void> {
  await page.getByTestId('chat-input').fill(text)
  await page.getByTestId('chat-input').press('Enter')
}

function shows(page: Page, text: string): Promise<void> {
  return page.getByTestId('message-list').getByText(text).first().waitFor({ timeout: 10_000 })
}

describe('the compose topology on loopback: nginx → two server processes → one Redis', () => {
  it('serves the SPA with the security headers and the cache rules', async () => {
    const csp = contentSecurityPolicy()
    const index = await fetch(`${nginx.url}/`)
    expect(index.status).toBe(200)
    const html = await index.text()
    // A room link is an SPA route: nginx falls back to index.html (history mode).
    const deepLink = await fetch(`${nginx.url}/room/some-room-id`)
    expect(deepLink.status).toBe(200)
    expect(await deepLink.text()).toBe(html)

    for (const res of [index, deepLink]) {
      expect(res.headers.get('content-security-policy')).toBe(csp)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('cache-control')).toBe('no-cache')
    }
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/)
    // Nothing inline for the CSP to block: every script of the page is a file.
    for (const [, attrs] of html.matchAll(/<script\b([^>]*)>/g)) expect(attrs).toMatch(/\bsrc=/)

    const asset = /(?:src|href)="(\/assets\/[^"]+)"/.exec(html)?.[1]
    expect(asset, 'index.html links a hashed asset').toBeDefined()
    const hashed = await fetch(`${nginx.url}${asset}`)
    expect(hashed.status).toBe(200)
    expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(hashed.headers.get('x-content-type-options')).toBe('nosniff')
    expect((await fetch(`${nginx.url}/assets/no-such-file.js`)).status).toBe(404)
  })

  it('proxies health and /docs to the servers, and /docs works under the CSP', async () => {
    const alive = await fetch(`${nginx.url}/healthz`)
    expect(alive.status).toBe(200)
    expect(await alive.json()).toEqual({ status: 'ok' })
    const ready = await fetch(`${nginx.url}/readyz`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready' })

    const page = await browser.browser.newPage()
    const refused: string[] = []
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) refused.push(msg.text())
    })
    const res = await page.goto(`${nginx.url}/docs`)
    expect(res?.headers()['content-security-policy']).toBe(contentSecurityPolicy())
    await page.locator('.opblock').first().waitFor({ timeout: 15_000 })
    expect(await page.locator('.opblock').count()).toBeGreaterThan(2)
    expect(refused).toEqual([])
    await page.close()
  })

  it('lets two browsers on two server processes chat both ways in one room', async () => {
    const alice = await (await contextOn(1)).newPage()
    const bob = await (await contextOn(2)).newPage()
    const refused: string[] = []
    for (const page of [alice, bob]) {
      page.on('console', (msg) => {
        if (/Content Security Policy|Refused to/i.test(msg.text())) refused.push(msg.text())
      })
    }

    await alice.goto(`${nginx.url}/`)
    await alice.getByTestId('create-room').click()
    await alice.waitForURL(/\/room\/[^/]+$/, { timeout: 10_000 })
    const roomUrl = alice.url()
    const roomId = new URL(roomUrl).pathname.split('/').pop() ?? ''
    await join(alice, 'Alice')

    await bob.goto(roomUrl)
    await join(bob, 'Bob')

    await say(alice, 'Hello from process one')
    await shows(bob, 'Hello from process one')
    await say(bob, 'Hi back from process two')
    await shows(alice, 'Hi back from process two')
    await shows(alice, 'Hello from process one')
    for (const page of [alice, bob]) {
      const members = page.getByTestId('user-list').first()
      await expect
        .poll(() => members.innerText(), { timeout: 10_000 })
        .toMatch(/Alice[\s\S]*Bob|Bob[\s\S]*Alice/)
    }
    expect(refused).toEqual([])

    await alice.context().close()
    await bob.context().close()

    // nginx logs a WebSocket when it closes: each browser's socket went to its own process.
    const [one, two] = ports.map((port) => `upstream=127.0.0.1:${port} `)
    const socketLine = (upstream: string | undefined) =>
      new RegExp(`"GET /ws/${roomId}[^"]*" 101 ${upstream}`)
    await expect.poll(() => nginx.accessLog(), { timeout: 10_000 }).toMatch(socketLine(one))
    await expect.poll(() => nginx.accessLog(), { timeout: 10_000 }).toMatch(socketLine(two))
  })

  it('passes the real client address on, so per-address limits count real clients', async () => {
    const create = (from: string, headers: Record<string, string> = {}) =>
      requestFrom(from, `${nginx.url}/api/rooms/`, {
        method: 'POST',
        // One process, so one limit counter, sees every request.
        headers: { cookie: 'chatty_upstream=1', 'content-type': 'application/json', ...headers },
        body: '{}',
      })

    for (let i = 0; i < ROOMS_PER_MINUTE; i++) expect((await create('127.0.0.2')).status).toBe(201)
    expect((await create('127.0.0.2')).status).toBe(429)
    // Another client still may: the limit is per address, not global.
    expect((await create('127.0.0.3')).status).toBe(201)
    // A client cannot borrow an address by claiming it: nginx appends the real one, and
    // the server believes X-Forwarded-For only from nginx.
    expect((await create('127.0.0.4', { 'x-forwarded-for': '127.0.0.2' })).status).toBe(201)
    // ...nor escape its own limit by claiming another one.
    expect((await create('127.0.0.2', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429)
  })

  it('keeps the WebSocket Origin check working behind nginx', async () => {
    const room = await fetch(`${nginx.url}/api/rooms/`, { method: 'POST' })
    expect(room.status).toBe(201)
    const { room_id: roomId } = (await room.json()) as { room_id: string }
    const wsUrl = `${nginx.url.replace('http', 'ws')}/ws/${roomId}`

    const closeCode = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(wsUrl, { origin })
        socket.on('open', () => socket.send(JSON.stringify({ type: 'join', sender: 'Eve' })))
        socket.on('message', (data) => {
          if (String(data).includes('"joined"')) socket.close(1000)
        })
        socket.on('close', (code) => resolve(code))
        socket.on('error', reject)
      })

    // The page's own origin (Host passes through nginx with its port) is let in...
    expect(await closeCode(nginx.url)).toBe(1000)
    // ...another site's is refused after the upgrade, with a close code a browser sees.
    expect(await closeCode('http://evil.example')).toBe(4003)
  })
})
