/**
 * The words about how long a room lives follow the room and the server, never a fixed "hour":
 * the home page's headline follows the chosen lifetime; on an instance whose rooms live 90
 * seconds the home page, the not-found page and the warnings say so; the home page's words
 * about an unlisted room match the room's badge; the Create button is above a phone's fold.
 * Screenshots go to e2e/artifacts/lifetime-*.png.
 */
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChatty, type ChattyProcess } from '../testkit/chatty.js'
import { ARTIFACTS, LOOKS } from './support/browser.js'
import { enterName, inPage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

// The usual server: rooms of 10 minutes to an hour, an hour by default.
const chatty = useServerAndBrowser()

const visibleText = (page: Page) => inPage<string>(page, 'document.body.innerText')
const shot = (page: Page, what: string, look: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `lifetime-${what}-${look}.png`) })

describe('the home page', () => {
  for (const look of LOOKS) {
    it(`names the chosen lifetime and the room kinds as the room does (${look.name})`, async () => {
      const { name, ...options } = look
      const { page, context, errors } = await chatty.person(options)
      await page.goto('/')
      const headline = page.getByTestId('home-headline')
      await expect.poll(() => headline.textContent()).toBe('Gone in an hour.')

      // The Create button is on the first screen, a phone's included.
      const create = (await page.getByTestId('create-room').boundingBox())!
      expect(create.y + create.height).toBeLessThanOrEqual(options.viewport.height)
      await shot(page, 'home', name)

      await page.getByTestId('lifetime-600').click()
      await expect.poll(() => headline.textContent()).toBe('Gone in ten minutes.')
      // Longer words, and the button still on the first screen.
      const after = (await page.getByTestId('create-room').boundingBox())!
      expect(after.y + after.height).toBeLessThanOrEqual(options.viewport.height)
      const text = await visibleText(page)
      expect(text).toContain('gone after ten minutes')
      expect(text).toContain('ten minutes to an hour')

      // One word for a room without encryption: the badge's "Unlisted", said plainly.
      const plain = page.getByTestId('kind-plain')
      expect(await plain.textContent()).toContain('Unlisted')
      expect(await plain.textContent()).not.toMatch(/\bPlain\b|protocol/)
      await plain.click()
      expect(await page.getByTestId('create-room').textContent()).toContain(
        'Create an unlisted room',
      )
      await shot(page, 'home-ten-minutes', name)
      expect(errors).toEqual([])
      await context.close()
    })
  }
})

describe('an instance whose rooms live 90 seconds', () => {
  let short: ChattyProcess
  beforeAll(async () => {
    short = await startChatty({ env: { CHATTY_ROOM_TTL_SECONDS: '90' } })
  })
  afterAll(async () => {
    await short?.stop()
  })

  for (const look of LOOKS) {
    it(`promises 90 seconds, and warns once at one minute, after the join line (${look.name})`, async () => {
      const { name, ...options } = look
      const { page, context, errors } = await chatty.browser.person({
        ...options,
        baseURL: short.baseUrl,
      })
      await page.clock.install()

      await page.goto('/')
      await expect
        .poll(() => page.getByTestId('home-headline').textContent())
        .toBe('Gone in 90 seconds.')
      expect(await visibleText(page)).not.toMatch(/hour/i)
      await shot(page, 'home-90s', name)

      await page.goto('/room/no-such-room')
      await page.getByTestId('not-found').waitFor()
      await expect
        .poll(() => page.getByTestId('not-found-reason').textContent())
        .toContain('vanish within 90 seconds')
      expect(await visibleText(page)).not.toMatch(/hour/i)
      await shot(page, 'not-found-90s', name)

      await page.goto('/')
      await page.getByTestId('create-room').click()
      await page.waitForURL(/\/room\/[\w-]+#/)
      await enterName(page, 'Ana', 'fox')
      await page.getByTestId('system-notice').waitFor()
      // A room shorter than five minutes hears no "five minutes" (nor "2 minutes") warning.
      const notices = page.getByTestId('expiry-notice')
      expect(await notices.count()).toBe(0)

      // Half a minute on, the one-minute warning, below the join line.
      await page.clock.fastForward('00:31')
      await expect.poll(() => notices.count()).toBe(1)
      expect(await notices.textContent()).toContain(
        'This room vanishes in one minute, with every message in it.',
      )
      const order = await page
        .locator('[data-testid=system-notice], [data-testid=expiry-notice]')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')))
      expect(order).toEqual(['system-notice', 'expiry-notice'])
      await shot(page, 'warning-90s', name)
      expect(errors).toEqual([])
      await context.close()
    })
  }
})
