/**
 * A second tab of a browser already in a room (issue 26, point 2): it says so instead of
 * asking for a name, and "Continue here" moves the same member (same name, host powers, key)
 * into it, with no "left" or "joined" line for the others; the first tab can take the room
 * back. Light, dark and a 390 px phone; screenshots in e2e/artifacts/second-tab-*.png.
 */
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { describeViolations, seriousViolations } from './support/axe.js'
import { ARTIFACTS, LOOKS } from './support/browser.js'
import { enterName, messageTexts, send, waitForMessage, noticeTexts } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser()

const inRoom = (page: Page) =>
  expect.poll(() => page.getByTestId('chat-input').isEnabled()).toBe(true)

describe('a second tab of the same browser', () => {
  for (const { name: look, ...options } of LOOKS) {
    it(`is the same member, moved between tabs without a sound (${look})`, async () => {
      const ana = await chatty.person(options)
      await ana.page.goto('/')
      await ana.page.getByTestId('create-room').click()
      await ana.page.waitForURL(/\/room\/[\w-]+#[\w-]{43}$/)
      const link = ana.page.url()
      await enterName(ana.page, 'Ana')
      const bob = await chatty.person()
      await bob.page.goto(link)
      await enterName(bob.page, 'Bob', 'owl')
      const joined = ['Ana joined the chat', 'Bob joined the chat']
      await expect.poll(() => noticeTexts(bob.page)).toEqual(joined)
      await send(ana.page, 'from the first tab')
      await waitForMessage(bob.page, 'from the first tab')

      // Ana opens her own link in a new tab: told where she is, asked for nothing.
      const second = await ana.context.newPage()
      await second.goto(link)
      await second.getByRole('heading', { name: 'You are in this room in another tab' }).waitFor()
      expect(await second.getByTestId('name-modal').count()).toBe(0)
      expect(await second.title()).toBe('Open in another tab — Chatty')
      await second.screenshot({ path: path.join(ARTIFACTS, `second-tab-notice-${look}.png`) })
      const violations = await seriousViolations(second)
      expect(violations, describeViolations(violations)).toEqual([])

      await second.getByRole('button', { name: 'Continue here' }).click()
      await inRoom(second)
      await ana.page.getByRole('heading', { name: 'You continued in another tab' }).waitFor()
      await ana.page.screenshot({ path: path.join(ARTIFACTS, `second-tab-moved-${look}.png`) })
      // The same member: the conversation (decrypted with the same key), and the host's powers.
      await waitForMessage(second, 'from the first tab')
      if (!options.isMobile) await second.getByTestId('lock-toggle').waitFor()
      await send(second, 'from the second tab')
      await waitForMessage(bob.page, 'from the second tab')
      // Anything the move had said to the room would have come before that message.
      expect(await noticeTexts(bob.page)).toEqual(joined)
      expect(await bob.page.getByTestId('user-count').textContent()).toContain('2')
      await second.screenshot({ path: path.join(ARTIFACTS, `second-tab-in-${look}.png`) })

      // And back: "Use here" in the first tab; the second one now says it moved.
      await ana.page.getByRole('button', { name: 'Use here' }).click()
      await inRoom(ana.page)
      await second.getByRole('heading', { name: 'You continued in another tab' }).waitFor()
      await waitForMessage(ana.page, 'from the second tab')
      await send(ana.page, 'back in the first tab')
      await waitForMessage(bob.page, 'back in the first tab')
      expect(await noticeTexts(bob.page)).toEqual(joined)
      await expect
        .poll(() => messageTexts(ana.page))
        .toEqual(['from the first tab', 'from the second tab', 'back in the first tab'])
      expect([...ana.errors, ...bob.errors]).toEqual([])
      await ana.context.close()
      await bob.context.close()
    })
  }
})
