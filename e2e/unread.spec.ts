/**
 * Where unread messages start (issue 26, point 3): scrolled up while 40 arrive, a "New
 * messages" divider marks the first of them and the pill jumps there (not to the very end);
 * the divider goes once the reader writes. The draft in the message box survives a reload and
 * goes once sent. Light, dark and a 390 px phone; screenshots in e2e/artifacts/unread-*.png.
 */
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, LOOKS } from './support/browser.js'
import { enterName, inPage, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'
import { createRoom } from '../testkit/rooms.js'

// Bob sends 65 messages in a row: no rate limit in the way.
const chatty = useServerAndBrowser({
  CHATTY_MESSAGES_PER_SECOND: '200',
  CHATTY_MESSAGE_BURST: '200',
})

const LIST = `document.querySelector('[data-testid=message-list]')`
const FROM_END = `(() => { const l = ${LIST}; return l.scrollHeight - l.scrollTop - l.clientHeight })()`
const NEXT_FRAMES = `new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))`

/** Where an element sits in the message list's visible part: above, inside or below it. */
const placeInList = (page: Page, selector: string) =>
  inPage<'above' | 'inside' | 'below' | 'missing'>(
    page,
    `(() => {
      const list = document.querySelector('[data-testid=message-list]').getBoundingClientRect()
      const el = document.querySelector(${JSON.stringify(selector)})
      if (!el) return 'missing'
      const box = el.getBoundingClientRect()
      if (box.bottom <= list.top) return 'above'
      if (box.top >= list.bottom) return 'below'
      return 'inside'
    })()`,
  )

describe('unread messages', () => {
  for (const { name: look, ...options } of LOOKS) {
    it(`are marked where they start, and the pill goes there (${look})`, async () => {
      const roomId = await createRoom(chatty.server.baseUrl)
      const alice = await chatty.person(options)
      const bob = await chatty.person()
      await alice.page.goto(`/room/${roomId}`)
      await enterName(alice.page, 'Alice')
      await bob.page.goto(`/room/${roomId}`)
      await enterName(bob.page, 'Bob', 'owl')
      for (let i = 1; i <= 25; i++) await send(bob.page, `early ${i}`)
      await waitForMessage(alice.page, 'early 25')

      // Alice scrolls up to the start, and 40 messages come meanwhile.
      await expect.poll(() => inPage<number>(alice.page, FROM_END)).toBeLessThan(2)
      await inPage(alice.page, `${LIST}.scrollTop = 0`)
      // Two frames: the scroll event has been handled.
      await inPage(alice.page, NEXT_FRAMES)
      for (let i = 1; i <= 40; i++) await send(bob.page, `new ${i}`)
      const pill = alice.page.getByTestId('new-messages')
      await expect.poll(() => pill.textContent()).toContain('40 new messages')
      const divider = alice.page.getByTestId('unread-divider')
      expect(await divider.getAttribute('role')).toBe('separator')
      // The divider sits right before the first of the 40.
      expect(
        await inPage<string>(
          alice.page,
          `document.querySelector('[data-testid=unread-divider]').nextElementSibling.textContent`,
        ),
      ).toContain('new 1')
      await alice.page.screenshot({ path: path.join(ARTIFACTS, `unread-pill-${look}.png`) })

      // The pill goes to the first unread message, with the divider in view: not to the end.
      await pill.click()
      await expect
        .poll(() => placeInList(alice.page, '[data-testid=unread-divider]'))
        .toBe('inside')
      const last = alice.page.locator('article[data-message-id]').last()
      expect(await last.textContent()).toContain('new 40')
      expect(await placeInList(alice.page, 'article[data-message-id]:last-of-type')).toBe('below')
      expect(
        await inPage<string>(alice.page, 'document.activeElement?.textContent ?? ""'),
      ).toContain('new 1')
      await alice.page.screenshot({ path: path.join(ARTIFACTS, `unread-divider-${look}.png`) })

      // Writing something is being past it: the divider goes.
      await send(alice.page, 'caught up')
      await waitForMessage(bob.page, 'caught up')
      await divider.waitFor({ state: 'detached' })
      expect([...alice.errors, ...bob.errors]).toEqual([])
      await alice.context.close()
      await bob.context.close()
    })
  }
})

describe('the draft', () => {
  for (const { name: look, ...options } of [LOOKS[0], LOOKS[2]]) {
    it(`survives a reload of the tab, and goes once sent (${look})`, async () => {
      const roomId = await createRoom(chatty.server.baseUrl)
      const { page, context, errors } = await chatty.person(options)
      await page.goto(`/room/${roomId}`)
      await enterName(page, 'Dana')
      const input = page.getByTestId('chat-input')
      await input.fill('half a thought\nand a second line')
      await page.reload()
      await expect.poll(() => input.isEnabled()).toBe(true)
      expect(await input.inputValue()).toBe('half a thought\nand a second line')
      await page.screenshot({ path: path.join(ARTIFACTS, `unread-draft-${look}.png`) })

      await input.press('Enter')
      await waitForMessage(page, 'half a thought')
      expect(await input.inputValue()).toBe('')
      await page.reload()
      await expect.poll(() => input.isEnabled()).toBe(true)
      expect(await input.inputValue()).toBe('')
      expect(errors).toEqual([])
      await context.close()
    })
  }
})
