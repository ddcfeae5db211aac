import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS } from './support/browser.js'
import { createRoom } from '../testkit/rooms.js'
import { joinRoom, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

// The room lives its full hour on the server; the page's clock is moved on instead.
const chatty = useServerAndBrowser()

describe('the time left is visible', () => {
  for (const look of [
    { name: 'light', colorScheme: 'light' as const },
    { name: 'dark', colorScheme: 'dark' as const },
    { name: 'phone', colorScheme: 'light' as const, viewport: { width: 390, height: 844 } },
  ]) {
    it(`names what the countdown counts and warns at 5 and 1 minutes (${look.name})`, async () => {
      const roomId = await createRoom(chatty.server.baseUrl)
      const { page, context, errors } = await chatty.person({
        colorScheme: look.colorScheme,
        viewport: look.viewport,
      })
      await page.clock.install()
      await joinRoom(page, roomId, 'Alice', 'fox')
      const countdown = page.getByTestId('countdown')
      expect(await countdown.textContent()).toMatch(/^\s*vanishes in (60:00|59:[0-5]\d)\s*$/)
      expect(await countdown.getAttribute('aria-label')).toMatch(
        /^This room vanishes in (60 minutes|59 minutes \d+ seconds?)$/,
      )
      await send(page, 'before the warnings')
      await waitForMessage(page, 'before the warnings')
      expect(await page.getByTestId('expiry-notice').count()).toBe(0)

      // 55 minutes on: one notice, after the last message, and said to screen readers.
      await page.clock.fastForward('55:00')
      const notices = page.getByTestId('expiry-notice')
      await expect.poll(() => notices.count()).toBe(1)
      expect(await notices.first().textContent()).toContain(
        'This room vanishes in five minutes, with every message in it.',
      )
      expect(await page.getByTestId('live-region').textContent()).toContain(
        'vanishes in five minutes',
      )
      expect(await countdown.getAttribute('data-urgent')).toBe('true')
      const order = await page
        .locator('[data-testid=message-list] article, [data-testid=expiry-notice]')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid') ?? 'message'))
      expect(order).toEqual(['message', 'expiry-notice'])
      await page.screenshot({ path: path.join(ARTIFACTS, `time-left-5min-${look.name}.png`) })
      // The last chance to keep the conversation, before it goes with the room.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        notices.first().getByRole('button', { name: 'Save transcript' }).click(),
      ])
      expect(download.suggestedFilename()).toMatch(/^chatty-.+\.txt$/)
      expect(await readFile(await download.path(), 'utf8')).toMatch(
        /\] Alice: before the warnings\n/,
      )

      // Four more: the one-minute notice, once.
      await page.clock.fastForward('04:00')
      await expect.poll(() => notices.count()).toBe(2)
      expect(await notices.nth(1).textContent()).toContain('This room vanishes in one minute,')
      expect(
        await notices.nth(1).getByRole('button', { name: 'Save transcript' }).isVisible(),
      ).toBe(true)
      await page.clock.fastForward('00:10')
      expect(await notices.count()).toBe(2)
      await page.screenshot({ path: path.join(ARTIFACTS, `time-left-1min-${look.name}.png`) })
      // The longer label still fits the header: the last button is on screen.
      const width = look.viewport?.width ?? 1280
      const toggle = await page.getByTestId('theme-toggle').boundingBox()
      expect(toggle!.x + toggle!.width).toBeLessThanOrEqual(width)
      expect(errors).toEqual([])
      await context.close()
    })
  }
})
