/**
 * The first load of `/` and `/room/<id>` in a real browser: every text file the page
 * fetches comes precompressed (brotli, as Chromium asks for it), hashed assets keep their
 * year-long cache and `index.html` none. Prints the bytes on the wire next to the bytes
 * they decode to, the figures the README reports.
 */
import { describe, expect, it } from 'vitest'
import type { Page, Response } from 'playwright-core'
import { createRoom } from '../testkit/rooms.js'
import { useServerAndBrowser } from './support/setup.js'

const setup = useServerAndBrowser()

interface Loaded {
  url: string
  encoding: string | undefined
  cacheControl: string | undefined
  vary: string | undefined
  wire: number
  decoded: number
}

/** Opens `path` in a fresh person and returns what the page fetched from our server. */
async function firstLoad(page: Page, path: string, ready: string): Promise<Loaded[]> {
  const responses: Response[] = []
  page.on('response', (response) => {
    if (response.url().startsWith(setup.server.baseUrl)) responses.push(response)
  })
  await page.goto(path)
  await page.getByTestId(ready).waitFor()
  await page.waitForLoadState('networkidle')
  return Promise.all(
    responses.map(async (response) => {
      const headers = await response.allHeaders()
      const sizes = await response.request().sizes()
      return {
        url: new URL(response.url()).pathname,
        encoding: headers['content-encoding'],
        cacheControl: headers['cache-control'],
        vary: headers['vary'],
        wire: sizes.responseBodySize + sizes.responseHeadersSize,
        decoded: (await response.body()).length,
      }
    }),
  )
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

describe('first load', () => {
  for (const [label, path] of [
    ['home', () => '/'],
    ['room', (roomId: string) => `/room/${roomId}`],
  ] as const) {
    it(`${label}: served precompressed, with the long cache on hashed assets only`, async () => {
      const roomId = await createRoom(setup.server.baseUrl)
      const { page } = await setup.person()
      const loaded = await firstLoad(
        page,
        path(roomId),
        label === 'home' ? 'create-room' : 'name-modal',
      )
      const files = loaded.filter((file) => !file.url.startsWith('/api/'))
      expect(files.map((f) => f.url)).toContain(label === 'home' ? '/' : `/room/${roomId}`)
      const wire = files.reduce((sum, f) => sum + f.wire, 0)
      const decoded = files.reduce((sum, f) => sum + f.decoded, 0)
      console.log(`first load of ${label}: ${kb(wire)} on the wire, ${kb(decoded)} decoded`)
      for (const file of files) {
        expect(file.encoding, file.url).toBe('br')
        expect(file.vary, file.url).toMatch(/accept-encoding/i)
        expect(file.cacheControl, file.url).toBe(
          file.url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        )
      }
      // Brotli on minified JS and CSS: well under half; a regression to plain files is not.
      expect(wire).toBeLessThan(decoded * 0.4)
    })
  }

  it('a client that accepts no encoding gets the plain file, and one asking for gzip gets gzip', async () => {
    const page = await fetch(`${setup.server.baseUrl}/room/abc`, {
      headers: { 'accept-encoding': 'identity' },
    })
    expect(page.headers.get('content-encoding')).toBeNull()
    const html = await page.text()
    expect(html).toContain('<div id="app">')
    const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    const gz = await fetch(`${setup.server.baseUrl}${script}`, {
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gz.headers.get('content-type')).toMatch(/javascript/)
    // fetch decodes gzip itself: the body is the script, not the compressed bytes.
    expect(await gz.text()).toMatch(/^(import|const|var|function|\()/)
  })
})
