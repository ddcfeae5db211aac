/**
 * Reading, round two: emoji are drawn in colour (never a text font's grey outline), the
 * emoji grid searches what is typed, a long message folds behind "Show more" (by keyboard
 * too), and a bare domain with a path is a link while a file name is not. Light, dark and a
 * 390 px phone; screenshots go to e2e/artifacts/reading-more-*.png.
 */
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createRoom } from '../testkit/rooms.js'
import { ARTIFACTS, LOOKS } from './support/browser.js'
import { colourfulShare, inPage, joinRoom, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser({ CHATTY_MESSAGE_BURST: '50' })

// Emoji without the emoji variation selector: a text font may claim them (DejaVu Sans does).
const SMILEYS = '☺ ☀ ✌ ❤'
const LONG = `${'A long story, told at length. '.repeat(47)}THE-END`
const MANY_LINES = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n')

const bubble = (page: Page, text: string) =>
  page.locator('article[data-message-id]', { hasText: text })

describe('reading, round two', () => {
  for (const look of LOOKS) {
    it(`colour emoji, a searchable grid, folded long messages, bare links (${look.name})`, async () => {
      const { name, ...options } = look
      const roomId = await createRoom(chatty.server.baseUrl)
      const alice = await chatty.person(options)
      const bob = await chatty.person()
      await joinRoom(alice.page, roomId, 'Alice', 'fox')
      await joinRoom(bob.page, roomId, 'Bob', 'owl')
      const { page } = alice

      await send(bob.page, SMILEYS)
      await send(bob.page, LONG)
      await send(bob.page, MANY_LINES)
      await send(bob.page, 'see example.net/foo and www.example.org, not README.md or notes.txt')
      await waitForMessage(page, 'README.md')

      // Emoji in colour, in the conversation.
      const smileys = bubble(page, '☀').getByTestId('message-text')
      expect(await colourfulShare(smileys)).toBeGreaterThan(0.05)

      // A 1,400-character message folds; Show more and Show less work from the keyboard.
      expect(LONG.length).toBeGreaterThan(1400)
      const long = bubble(page, 'A long story')
      const toggle = long.getByTestId('fold-toggle')
      expect(await toggle.textContent()).toContain('Show more')
      expect(await toggle.getAttribute('aria-expanded')).toBe('false')
      expect(await long.getByTestId('message-text').textContent()).not.toContain('THE-END')
      await page.screenshot({ path: path.join(ARTIFACTS, `reading-more-folded-${name}.png`) })
      await toggle.focus()
      await page.keyboard.press('Enter')
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true')
      expect(await long.getByTestId('message-text').textContent()).toContain('THE-END')
      expect(await toggle.textContent()).toContain('Show less')
      await page.keyboard.press('Space')
      await expect.poll(() => toggle.textContent()).toContain('Show more')

      // Many short lines fold too.
      const lines = bubble(page, 'line 1')
      expect(await lines.getByTestId('fold-toggle').isVisible()).toBe(true)
      expect(await lines.getByTestId('message-text').textContent()).not.toContain('line 20')

      // A bare domain with a path, or www., is a link opened safely; file names are text.
      const links = bubble(page, 'README.md').locator('a')
      expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
        'https://example.net/foo',
        'https://www.example.org/',
      ])
      for (const rel of await links.evaluateAll((as) => as.map((a) => a.getAttribute('rel')))) {
        expect(rel).toBe('noopener noreferrer')
      }

      // The emoji grid: typing searches, with the cursor moved to the search field.
      await page.getByTestId('emoji-button').click()
      const picker = page.getByTestId('emoji-picker')
      await picker.waitFor()
      await expect
        .poll(() => inPage<string>(page, 'document.activeElement?.dataset.index ?? ""'))
        .toBe('0')
      await page.keyboard.type('sun')
      expect(await picker.locator('#emoji-search').inputValue()).toBe('sun')
      expect(await inPage<string>(page, 'document.activeElement?.id')).toBe('emoji-search')
      const found = await picker
        .locator('#emoji-grid button')
        .evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')))
      expect(found.length).toBeGreaterThan(0)
      expect(found.every((label) => label?.includes('sun'))).toBe(true)
      const firstFound = picker.locator('#emoji-grid button').first()
      expect(await colourfulShare(firstFound)).toBeGreaterThan(0.05)
      await page.screenshot({ path: path.join(ARTIFACTS, `reading-more-picker-${name}.png`) })
      await page.keyboard.press('Escape')

      expect([...alice.errors, ...bob.errors]).toEqual([])
      await alice.context.close()
      await bob.context.close()
    })
  }
})
