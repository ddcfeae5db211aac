/**
 * The installable app (issue 13, point 8) in a real Chromium: the manifest, icons and worker
 * served with their types, the shell that opens offline without keeping any room data, and a
 * new deploy that replaces the cached shell.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { startChatty } from '../testkit/chatty.js'
import { createRoom } from '../testkit/rooms.js'
import { inPage, joinRoom, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const setup = useServerAndBrowser()
/** What the page's Cache Storage holds: cache names and every URL path in them. */
const CACHED = `(async () => {
  const out = {}
  for (const name of await caches.keys()) {
    const cache = await caches.open(name)
    out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname)
  }
  return out
})()`

/** Waits until the page is controlled by an active worker whose shell is cached. */
async function shellCached(page: Page): Promise<Record<string, string[]>> {
  await expect
    .poll(() => inPage<boolean>(page, 'navigator.serviceWorker.controller !== null'), {
      timeout: 15_000,
    })
    .toBe(true)
  await expect
    .poll(async () => Object.keys(await inPage<Record<string, string[]>>(page, CACHED)), {
      timeout: 15_000,
    })
    .toHaveLength(1)
  return inPage<Record<string, string[]>>(page, CACHED)
}

describe('installable app', () => {
  it('serves the manifest, its icons and the worker with their types, sw.js never long-cached', async () => {
    const base = setup.server.baseUrl
    const manifest = await fetch(`${base}/manifest.webmanifest`)
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/)
    expect(manifest.headers.get('cache-control')).toBe('no-cache')
    const body = (await manifest.json()) as {
      start_url: string
      display: string
      icons: { src: string; sizes: string; type: string; purpose?: string }[]
    }
    expect(body).toMatchObject({ start_url: '/', display: 'standalone' })
    const sizes = body.icons.map((i) => i.sizes)
    expect(sizes).toEqual(expect.arrayContaining(['any', '192x192', '512x512']))
    expect(body.icons.some((i) => i.purpose === 'maskable')).toBe(true)
    for (const icon of body.icons) {
      const res = await fetch(`${base}${icon.src}`)
      expect(res.status, icon.src).toBe(200)
      expect(res.headers.get('content-type'), icon.src).toContain(icon.type)
    }
    const html = await (await fetch(`${base}/`)).text()
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest"')

    const sw = await fetch(`${base}/sw.js`)
    expect(sw.status).toBe(200)
    expect(sw.headers.get('content-type')).toMatch(/javascript/)
    expect(sw.headers.get('cache-control')).toBe('no-cache')
    const csp = sw.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("worker-src 'self'")
    expect(csp).toContain("manifest-src 'self'")
    const source = await sw.text()
    expect(source).toMatch(/const SHELL_VERSION = "[0-9a-f]{16}"/)
    expect(source).toContain(/src="(\/assets\/index-[^"]+\.js)"/.exec(html)![1])
  })

  it('opens offline after one visit, and never keeps API answers, room data or messages', async () => {
    const roomId = await createRoom(setup.server.baseUrl)
    const alice = await setup.person()
    await alice.page.goto('/')
    await alice.page.getByTestId('create-room').waitFor()
    await shellCached(alice.page)
    // Chat online, so room info, history and messages pass through the controlled page.
    await joinRoom(alice.page, roomId, 'Alice', 'fox')
    await send(alice.page, 'keep me out of caches MARKER-cache')
    await waitForMessage(alice.page, 'MARKER-cache')

    const cached = await inPage<Record<string, string[]>>(alice.page, CACHED)
    const [name] = Object.keys(cached)
    expect(name).toMatch(/^chatty-shell-[0-9a-f]{16}$/)
    const paths = cached[name!]!
    expect(paths).toEqual(expect.arrayContaining(['/', '/manifest.webmanifest']))
    expect(paths.some((p) => /^\/assets\/index-.+\.js$/.test(p))).toBe(true)
    expect(paths.filter((p) => !/^\/(assets|icons)\/|^\/[a-z.]*$/.test(p))).toEqual([])
    expect(paths.filter((p) => p.startsWith('/api/') || p.startsWith('/ws/'))).toEqual([])
    expect(paths).not.toContain(`/room/${roomId}`)

    await alice.context.setOffline(true)
    try {
      await alice.page.goto('/')
      await alice.page.getByTestId('create-room').waitFor({ timeout: 10_000 })
      // A room link offline: the shell opens and says it cannot reach the room; no message.
      await alice.page.goto(`/room/${roomId}`)
      await alice.page.getByText('Can’t open this room').waitFor({ timeout: 10_000 })
      expect(await alice.page.content()).not.toContain('MARKER-cache')
    } finally {
      await alice.context.setOffline(false)
    }
    expect(alice.errors).toEqual([])
  })

  it('a new deploy replaces the cached shell on the next visit', async () => {
    // A deploy of its own: a copy of the build that the test then changes, as a new build would.
    const dir = await mkdtemp(join(tmpdir(), 'chatty-deploy-'))
    const built = new URL('../dist/web/', import.meta.url).pathname
    await cp(built, dir, { recursive: true })
    const server = await startChatty({ env: { CHATTY_STATIC_DIR: dir } })
    try {
      const person = await setup.browser.person({ baseURL: server.baseUrl })
      await person.page.goto('/')
      await person.page.getByTestId('create-room').waitFor()
      const [before] = Object.keys(await shellCached(person.page))

      const html = await readFile(join(dir, 'index.html'), 'utf8')
      const sw = await readFile(join(dir, 'sw.js'), 'utf8')
      await writeFile(
        join(dir, 'index.html'),
        html.replace('</head>', '<meta name="chatty-build" content="second" /></head>'),
      )
      await writeFile(
        join(dir, 'sw.js'),
        sw.replace(/const SHELL_VERSION = "[0-9a-f]+"/, 'const SHELL_VERSION = "0123456789abcdef"'),
      )
      for (const stale of ['index.html.br', 'index.html.gz', 'sw.js.br', 'sw.js.gz']) {
        await rm(join(dir, stale))
      }

      // The next visit: the browser finds the new sw.js, which caches the new shell and drops
      // the old one.
      await person.page.reload()
      await expect
        .poll(async () => Object.keys(await inPage<object>(person.page, CACHED)), {
          timeout: 15_000,
        })
        .toEqual(['chatty-shell-0123456789abcdef'])
      expect(before).not.toBe('chatty-shell-0123456789abcdef')
      await person.context.setOffline(true)
      await person.page.goto('/')
      await person.page.getByTestId('create-room').waitFor({ timeout: 10_000 })
      expect(
        await inPage(person.page, `document.querySelector('meta[name=chatty-build]')?.content`),
      ).toBe('second')
      await person.context.setOffline(false)
    } finally {
      await server.stop()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
