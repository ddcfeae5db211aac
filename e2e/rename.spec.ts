/**
 * A new name in the room reads as one: "Ben is now Benjamin", not "Ben left" and "Benjamin
 * joined", on desktop and on a phone, in a plain and an encrypted room; a name someone else
 * has is refused in the dialog, and the old name stays.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createRoom } from '../testkit/rooms.js'
import { ARTIFACTS } from './support/browser.js'
import { enterName, messageTexts, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser()
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true } as const

const notices = (page: Page) => page.getByTestId('system-notice').allTextContents()

/** Opens "change name" the way the page offers it: the sidebar, or the people panel on a phone. */
async function openChangeName(page: Page, phone: boolean) {
  if (phone) await page.getByTestId('user-count').click()
  await page.getByTestId('change-identity').click()
  await page.getByTestId('name-modal').waitFor()
}

describe('a new name in the room', () => {
  for (const look of [
    { name: 'desktop-light', phone: false, encrypted: false },
    { name: 'phone-dark', phone: true, encrypted: true },
  ] as const) {
    it(`is one notice for everyone (${look.name}${look.encrypted ? ', encrypted' : ''})`, async () => {
      const ben = await chatty.person(
        look.phone ? { ...PHONE, colorScheme: 'dark' } : { colorScheme: 'light' },
      )
      const ana = await chatty.person()
      let link: string
      if (look.encrypted) {
        await ben.page.goto('/')
        await ben.page.getByTestId('create-room').click()
        await ben.page.waitForURL(/#/)
        await enterName(ben.page, 'Ben', 'owl')
        const url = new URL(ben.page.url())
        link = url.pathname + url.hash
      } else {
        link = `/room/${await createRoom(chatty.server.baseUrl)}`
        await ben.page.goto(link)
        await enterName(ben.page, 'Ben', 'owl')
      }
      await ana.page.goto(link)
      await enterName(ana.page, 'Ana', 'fox')
      await send(ben.page, 'first as Ben')
      await waitForMessage(ana.page, 'first as Ben')

      await openChangeName(ben.page, look.phone)
      await ben.page.getByTestId('name-input').fill('Benjamin')
      await ben.page.getByTestId('join-button').click()
      await ben.page.getByTestId('name-modal').waitFor({ state: 'detached' })
      await expect
        .poll(() => notices(ana.page))
        .toEqual([
          expect.stringContaining('Ben joined'),
          expect.stringContaining('Ana joined'),
          expect.stringContaining('Ben is now Benjamin'),
        ])
      // Said as soon as it is typed: the new name's messages read (encrypted too) on both pages.
      await send(ben.page, 'now as Benjamin')
      await waitForMessage(ana.page, 'now as Benjamin')
      expect(await messageTexts(ana.page)).toEqual(['first as Ben', 'now as Benjamin'])
      expect(await ana.page.getByTestId('undecryptable').count()).toBe(0)
      expect(await notices(ben.page)).toEqual(await notices(ana.page))

      // A name someone has is refused in the dialog; Benjamin stays Benjamin.
      await openChangeName(ben.page, look.phone)
      await ben.page.getByTestId('name-input').fill('ANA')
      await ben.page.getByTestId('join-button').click()
      await expect
        .poll(() => ben.page.getByTestId('name-modal').textContent())
        .toContain('already called')
      await ben.page.screenshot({ path: path.join(ARTIFACTS, `rename-refused-${look.name}.png`) })
      await ben.page.keyboard.press('Escape')
      await ben.page.getByTestId('name-modal').waitFor({ state: 'detached' })
      await send(ben.page, 'still Benjamin')
      await waitForMessage(ana.page, 'still Benjamin')
      expect((await notices(ana.page)).length).toBe(3)
      await ana.page.screenshot({ path: path.join(ARTIFACTS, `rename-${look.name}.png`) })
      expect([...ben.errors, ...ana.errors]).toEqual([])
      await ben.context.close()
      await ana.context.close()
    })
  }
})
