/**
 * The creator's tools as a person uses them: after "Copy link" on the invite card the cursor
 * is in the message box; the header's QR code never covers the card's Copy button and closes
 * on Escape with the focus on its button; once the card has gone nothing speaks of "the link
 * above"; on a 390 px phone the host locks and ends the room from the ⋮ menu, with the same
 * confirmation. Screenshots go to e2e/artifacts/room-tools-*.png.
 */
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, LOOKS } from './support/browser.js'
import { enterName, inPage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser()

/** A room made on the home page, joined as `name`; resolves with its full link. */
async function hostRoom(page: Page, name: string): Promise<string> {
  await page.goto('/')
  await page.getByTestId('create-room').click()
  await page.waitForURL(/\/room\/[\w-]+#[\w-]{43}$/)
  await enterName(page, name, 'fox')
  return page.url()
}

const focusedId = (page: Page) => inPage<string>(page, 'document.activeElement?.id ?? ""')
const shot = (page: Page, what: string, look: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `room-tools-${what}-${look}.png`) })

/** The element a click at the centre of `testId` would reach is that element (or inside it). */
function reachable(page: Page, testId: string): Promise<boolean> {
  // The e2e code is typechecked without the DOM library: the page's global, typed by hand.
  type PageGlobal = { document: { elementFromPoint(x: number, y: number): unknown } }
  return page.getByTestId(testId).evaluate((el) => {
    const box = el.getBoundingClientRect()
    const { document } = globalThis as unknown as PageGlobal
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)
    return !!hit && el.contains(hit as typeof el)
  })
}

describe('the invite card and the share tools', () => {
  for (const look of LOOKS) {
    it(`hand the cursor to the message box and cover nothing (${look.name})`, async () => {
      const { name, ...options } = look
      const { page, context, errors } = await chatty.person(options)
      const link = await hostRoom(page, 'Ana')
      const card = page.getByTestId('invite-card')
      await card.waitFor()

      // Copy link, then type: the words land in the message box.
      await card.getByTestId('invite-copy').click()
      await card.getByRole('button', { name: 'Copied!' }).waitFor()
      await expect.poll(() => focusedId(page)).toBe('chat-input')
      await page.keyboard.type('hello')
      expect(await page.getByTestId('chat-input').inputValue()).toBe('hello')

      if (!options.isMobile) {
        // The header's QR button opens the card's own code: nothing drawn over the card.
        await page.getByTestId('share-qr-button').click()
        await card.getByTestId('qr-code').waitFor()
        expect(await page.getByTestId('share-qr').count()).toBe(0)
        expect(await reachable(page, 'invite-copy')).toBe(true)
        await shot(page, 'card-qr', name)
      }

      // Someone joins: the card goes, and no words point at it any more.
      const guest = await chatty.person()
      await guest.page.goto(link)
      await enterName(guest.page, 'Ben', 'owl')
      await card.waitFor({ state: 'detached' })
      const empty = await page.getByTestId('empty-room').textContent()
      expect(empty).not.toMatch(/above/)
      expect(empty).toContain('link button at the top')

      if (!options.isMobile) {
        // Now the header's QR code is a popup; Escape closes it with its button focused.
        const qrButton = page.getByTestId('share-qr-button')
        await qrButton.click()
        await page.getByTestId('share-qr').waitFor()
        expect(await qrButton.getAttribute('aria-expanded')).toBe('true')
        await shot(page, 'header-qr', name)
        await qrButton.focus()
        await page.keyboard.press('Escape')
        await page.getByTestId('share-qr').waitFor({ state: 'detached' })
        expect(await qrButton.getAttribute('aria-expanded')).toBe('false')
      }
      await shot(page, 'no-card', name)
      expect([...errors, ...guest.errors]).toEqual([])
      await guest.context.close()
      await context.close()
    })
  }
})

describe('the host on a 390 px phone', () => {
  for (const look of [
    LOOKS[2],
    { ...LOOKS[2], name: 'phone-dark', colorScheme: 'dark' as const },
  ]) {
    it(`locks and ends the room from the ⋮ menu, ending after a confirmation (${look.name})`, async () => {
      const { name, ...options } = look
      const host = await chatty.person(options)
      const link = await hostRoom(host.page, 'Ana')
      const guest = await chatty.person()
      await guest.page.goto(link)
      await enterName(guest.page, 'Ben', 'owl')
      const { page } = host
      const menuButton = page.getByTestId('room-menu-button')
      // The header has no room for them on a phone.
      expect(await page.getByTestId('lock-toggle').isVisible()).toBe(false)

      await menuButton.click()
      const lock = page.getByTestId('menu-lock-toggle')
      expect(await lock.textContent()).toContain('Lock room')
      await shot(page, 'menu-host', name)
      await lock.click()
      await page.getByTestId('locked-badge').waitFor()
      expect(await page.getByTestId('room-menu').count()).toBe(0)
      await menuButton.click()
      expect(await lock.getAttribute('aria-checked')).toBe('true')
      expect(await lock.textContent()).toContain('Unlock room')

      // End asks first; Cancel keeps the room and gives the cursor back to the menu button.
      await page.getByTestId('menu-destroy-room').click()
      await page.getByTestId('confirm-dialog').waitFor()
      await shot(page, 'menu-confirm-end', name)
      await page.getByTestId('confirm-cancel').click()
      await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' })
      expect(await inPage<string>(page, 'document.activeElement?.dataset.testid')).toBe(
        'room-menu-button',
      )
      expect(await guest.page.getByTestId('chat-input').isEnabled()).toBe(true)

      await menuButton.click()
      await page.getByTestId('menu-destroy-room').click()
      await page.getByTestId('confirm-ok').click()
      await guest.page.getByRole('heading', { name: 'This room was closed by its host' }).waitFor()
      expect([...host.errors, ...guest.errors]).toEqual([])
      await guest.context.close()
      await host.context.close()
    })
  }
})
