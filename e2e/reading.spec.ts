import path from 'node:path'
import type { Locator } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousViolations, describeViolations } from './support/axe.js'
import { ARTIFACTS } from './support/browser.js'
import { createRoom } from '../testkit/rooms.js'
import { computedStyle, joinRoom, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser({ CHATTY_MESSAGE_BURST: '50' })

const ARABIC = 'مرحبا! هل نلتقي غدا؟'
const CODE = 'run `npm ci` then:\n```\nconst a = "<b>x</b>"\nconsole.log(a)\n```'

describe('reading the conversation', () => {
  for (const look of [
    { name: 'light', colorScheme: 'light' as const },
    { name: 'dark', colorScheme: 'dark' as const },
    { name: 'phone', colorScheme: 'light' as const, viewport: { width: 390, height: 844 } },
  ]) {
    it(`lays out right-to-left text, code, emoji, www. links, mentions and times (${look.name})`, async () => {
      const roomId = await createRoom(chatty.server.baseUrl)
      const alice = await chatty.person({ colorScheme: look.colorScheme, viewport: look.viewport })
      const bob = await chatty.person()
      await joinRoom(alice.page, roomId, 'Alice', 'fox')
      await joinRoom(bob.page, roomId, 'سارة', 'owl')

      await send(bob.page, ARABIC)
      await send(bob.page, CODE)
      await send(bob.page, '🎉🎉')
      await send(bob.page, 'docs at www.example.com/start.')
      await waitForMessage(alice.page, 'docs at')
      await send(alice.page, 'thanks @سارة, see `README.md`')
      await waitForMessage(alice.page, 'thanks')
      const page = alice.page
      const bubble = (text: string) => page.locator('article[data-message-id]', { hasText: text })

      // Right-to-left: the browser decides the direction from the text itself.
      const arabic = bubble('مرحبا').getByTestId('message-text')
      expect(await arabic.getAttribute('dir')).toBe('auto')
      expect(await computedStyle(arabic, 'direction')).toBe('rtl')
      const name = bubble('مرحبا').locator('span[dir=auto]', { hasText: 'سارة' })
      expect(await computedStyle(name, 'direction')).toBe('rtl')

      // Code: a monospace face, no backticks, the markup shown as text.
      const block = bubble('console.log').getByTestId('code-block')
      expect(await computedStyle(block, 'font-family')).toMatch(/mono/i)
      expect(await block.textContent()).toBe('const a = "<b>x</b>"\nconsole.log(a)')
      expect(await bubble('console.log').locator('b').count()).toBe(0)
      const inline = bubble('npm ci').getByTestId('inline-code').first()
      expect(await inline.textContent()).toBe('npm ci')
      expect(await computedStyle(inline, 'font-family')).toMatch(/mono/i)
      expect(await bubble('npm ci').getByTestId('message-text').textContent()).not.toContain('`')

      // Emoji alone are large; with words they are not.
      const emoji = bubble('🎉🎉').getByTestId('message-text')
      const size = (el: Locator) => computedStyle(el, 'font-size').then(parseFloat)
      expect(await size(emoji)).toBeGreaterThanOrEqual(2 * (await size(arabic)))

      // A bare www. address is a link, opened safely.
      const link = bubble('docs at').locator('a')
      expect(await link.getAttribute('href')).toBe('https://www.example.com/start')
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer')
      expect(await link.textContent()).toBe('www.example.com/start')

      // A follow-up has no header; its time appears on hover, and on keyboard focus.
      const followUp = bubble('🎉🎉')
      const time = followUp.getByTestId('hover-time')
      const shown = () => computedStyle(time, 'visibility')
      await page.mouse.move(0, 0)
      await expect.poll(shown).toBe('hidden')
      await followUp.hover()
      await expect.poll(shown).toBe('visible')
      expect(await computedStyle(time, 'opacity')).toBe('1')
      expect(await time.textContent()).toMatch(/\d/)
      await page.mouse.move(0, 0)
      await expect.poll(shown).toBe('hidden')
      await followUp.getByTestId('reply-button').focus()
      await expect.poll(shown).toBe('visible')
      await followUp.getByTestId('reply-button').blur()
      await expect.poll(shown).toBe('hidden')

      // A mention in one's own bubble reads clearly (WCAG AA contrast), as does everything else.
      const own = await seriousViolations(page, {
        selector: 'article[data-message-id]',
        rules: ['color-contrast'],
      })
      expect(own, describeViolations(own)).toEqual([])
      await page.screenshot({ path: path.join(ARTIFACTS, `reading-${look.name}.png`) })
      expect([...alice.errors, ...bob.errors]).toEqual([])
      await alice.context.close()
      await bob.context.close()
    })
  }
})
