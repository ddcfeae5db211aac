/**
 * The privacy states as people see them, light, dark and on a 390 px phone: the home page's
 * choice, the encrypted and plain badges explained, the missing-key page and the placeholder
 * for a message that does not decrypt. Screenshots go to e2e/artifacts/privacy-*.png.
 */
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, LOOKS } from './support/browser.js'
import { enterName, inPage, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser()

/** Nothing scrolls sideways, and `testId` (when given) lies fully inside the viewport. */
async function fits(page: Page, width: number, testId?: string) {
  expect(await inPage<number>(page, 'document.documentElement.scrollWidth')).toBeLessThanOrEqual(
    width,
  )
  if (!testId) return
  const box = (await page.getByTestId(testId).boundingBox())!
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width).toBeLessThanOrEqual(width)
}

const shot = (page: Page, what: string, look: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `privacy-${what}-${look}.png`) })

describe('privacy states', () => {
  for (const look of LOOKS) {
    it(`read clearly and fit (${look.name})`, async () => {
      const { name, ...options } = look
      const width = options.viewport.width
      const me = await chatty.person(options)
      const other = await chatty.person(options)

      await me.page.goto('/')
      await me.page.getByTestId('kind-plain').hover()
      await fits(me.page, width)
      await shot(me.page, 'home', name)

      // An encrypted room, its badge opened.
      await me.page.getByTestId('create-room').click()
      await me.page.waitForURL(/#/)
      const link = me.page.url()
      await enterName(me.page, 'Robin')
      await send(me.page, 'Only people with the full link can read this.')
      await waitForMessage(me.page, 'full link')
      await me.page.getByTestId('privacy-badge').click()
      await fits(me.page, width, 'privacy-explained')
      await shot(me.page, 'encrypted', name)

      // The same room's link with a wrong key, in another browser: stopped before joining.
      const wrong = new URL(link)
      wrong.hash = 'A'.repeat(43)
      await other.page.goto(wrong.pathname + wrong.hash)
      await other.page.getByTestId('wrong-key').waitFor()
      await fits(other.page, width)
      await shot(other.page, 'wrong-key', name)

      // A room made without a key check (as a script might), where someone with another key
      // writes: the placeholder, never the envelope.
      const made = await fetch(`${chatty.server.baseUrl}/api/rooms/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"encrypted":true}',
      })
      const { room_id: unchecked } = (await made.json()) as { room_id: string }
      await other.page.goto(`/room/${unchecked}#${'A'.repeat(43)}`)
      await enterName(other.page, 'Sam')
      await send(other.page, 'sealed with another key')
      // The name is remembered on this device: the room joins by itself.
      await me.page.goto(`/room/${unchecked}#${'B'.repeat(42)}A`)
      await me.page.getByTestId('undecryptable').waitFor()
      await fits(me.page, width, 'undecryptable')
      await shot(me.page, 'undecryptable', name)

      // The same room's link without its key.
      await me.page.goto(new URL(link).pathname)
      await me.page.getByTestId('missing-key').waitFor()
      await fits(me.page, width)
      await shot(me.page, 'missing-key', name)

      // A plain room says what it is.
      await me.page.goto('/')
      await me.page.getByTestId('kind-plain').click()
      await me.page.getByTestId('create-room').click()
      await me.page.waitForURL(/\/room\/[^#]+$/)
      // The name is remembered on this device: the room joins by itself.
      await expect.poll(() => me.page.getByTestId('chat-input').isEnabled()).toBe(true)
      await me.page.getByTestId('privacy-badge').click()
      await fits(me.page, width, 'privacy-explained')
      await shot(me.page, 'plain', name)

      expect([...me.errors, ...other.errors]).toEqual([])
      await me.context.close()
      await other.context.close()
    })
  }
})
