/**
 * A locked room says so before asking for a name (issue 26, point 5): a stranger gets the
 * locked page straight away; a browser that was inside is offered "Rejoin" (the server lets
 * it back in within its lock grace); the host, or a reload of a tab inside, goes straight in.
 * Light, dark and a 390 px phone; screenshots in e2e/artifacts/locked-entry-*.png.
 */
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, LOOKS } from './support/browser.js'
import { enterName, inPage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

// No reconnect grace: a closed tab leaves at once, so its name is free for the rejoin.
const chatty = useServerAndBrowser({ CHATTY_TEST_TIMINGS: 'grace=0' })

const inRoom = (page: Page) =>
  expect.poll(() => page.getByTestId('chat-input').isEnabled()).toBe(true)

/** The host makes a room on the home page, joins it as Hana, a guest joins, and she locks it. */
async function lockedRoom(guestLook: Omit<(typeof LOOKS)[number], 'name'>) {
  const host = await chatty.person()
  await host.page.goto('/')
  await host.page.getByTestId('create-room').click()
  await host.page.waitForURL(/\/room\/[\w-]+#[\w-]{43}$/)
  const link = host.page.url()
  await enterName(host.page, 'Hana')
  const guest = await chatty.person(guestLook)
  await guest.page.goto(link)
  await enterName(guest.page, 'Gus')
  await host.page.getByTestId('lock-toggle').click()
  await guest.page.getByTestId('locked-badge').waitFor()
  return { host, guest, link }
}

describe('a locked room', () => {
  for (const { name: look, ...options } of LOOKS) {
    it(`says so to a newcomer before asking a name (${look})`, async () => {
      const { host, guest, link } = await lockedRoom(options)
      const stranger = await chatty.person(options)
      await stranger.page.goto(link)
      await stranger.page.getByRole('heading', { name: 'This room is locked' }).waitFor()
      expect(await stranger.page.getByTestId('name-modal').count()).toBe(0)
      expect(await stranger.page.getByTestId('page-step').count()).toBe(0)
      expect(await stranger.page.title()).toBe('Room locked — Chatty')
      await stranger.page.screenshot({ path: path.join(ARTIFACTS, `locked-entry-${look}.png`) })
      // Nobody knocked: the room heard nothing of it.
      expect(await host.page.getByTestId('user-count').textContent()).toContain('2')

      // The host's own reload goes straight back in.
      await host.page.reload()
      await inRoom(host.page)
      expect(await host.page.getByTestId('name-modal').count()).toBe(0)
      expect([...host.errors, ...guest.errors, ...stranger.errors]).toEqual([])
      await Promise.all([host, guest, stranger].map((p) => p.context.close()))
    })

    it(`offers a browser that was inside the way back in (${look})`, async () => {
      const { host, guest, link } = await lockedRoom(options)
      await guest.page.close()
      await host.page
        .getByTestId('system-notice')
        .filter({ hasText: 'Gus left the chat' })
        .waitFor()

      const again = await guest.context.newPage()
      await again.goto(link)
      await again.getByTestId('room-locked-member').waitFor()
      expect(await again.getByTestId('name-modal').count()).toBe(0)
      expect(
        await inPage<number>(again, 'document.documentElement.scrollWidth'),
      ).toBeLessThanOrEqual(options.viewport.width)
      await again.screenshot({ path: path.join(ARTIFACTS, `locked-entry-member-${look}.png`) })
      await again.getByRole('button', { name: 'Rejoin' }).click()
      await inRoom(again)
      const joins = host.page
        .getByTestId('system-notice')
        .filter({ hasText: 'Gus joined the chat' })
      await expect.poll(() => joins.count()).toBe(2)
      expect(await again.getByTestId('locked-badge').isVisible()).toBe(true)
      await Promise.all([host, guest].map((p) => p.context.close()))
    })
  }
})
