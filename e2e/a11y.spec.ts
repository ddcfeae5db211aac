/**
 * axe-core (WCAG 2.1 A and AA rules) on every screen, in light, dark and on a 390 px
 * phone: no serious or critical violation anywhere. The app's CSP stays on (see
 * support/axe.ts for how axe gets into the page).
 */
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeViolations, seriousViolations } from './support/axe.js'
import { ARTIFACTS } from './support/browser.js'
import { joinRoom, pixelLuminance, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'
import { startChatty, type ChattyProcess } from '../testkit/chatty.js'
import { createRoom } from '../testkit/rooms.js'

const chatty = useServerAndBrowser({ CHATTY_MESSAGE_BURST: '50' })
// Rooms that end within seconds, for the expired screen.
let brief: ChattyProcess
beforeAll(async () => {
  brief = await startChatty({
    env: { CHATTY_ROOM_TTL_SECONDS: '6', CHATTY_CLEANUP_INTERVAL_SECONDS: '1' },
  })
})
afterAll(() => brief?.stop())

const PHONE = { width: 390, height: 844 }
const LOOKS = [
  { name: 'light', colorScheme: 'light' as const },
  { name: 'dark', colorScheme: 'dark' as const },
  { name: 'phone', colorScheme: 'light' as const, viewport: PHONE, isMobile: true },
  { name: 'phone-dark', colorScheme: 'dark' as const, viewport: PHONE, isMobile: true },
]

describe('accessibility (axe-core, WCAG 2.1 A/AA)', () => {
  for (const look of LOOKS) {
    it(
      `has no serious or critical violation on any screen (${look.name})`,
      { timeout: 120_000 },
      async () => {
        const options = {
          colorScheme: look.colorScheme,
          viewport: look.viewport,
          isMobile: look.isMobile,
        }
        const me = await chatty.person(options)
        const other = await chatty.person()
        const { page } = me
        await page.emulateMedia({ reducedMotion: 'reduce' })
        const found: string[] = []
        async function check(screen: string, on: Page = page) {
          await on.screenshot({ path: path.join(ARTIFACTS, `a11y-${look.name}-${screen}.png`) })
          const violations = await seriousViolations(on)
          if (violations.length) found.push(`${screen}:\n${describeViolations(violations)}`)
          // One level-one heading names every page.
          expect(await on.locator('h1').count(), `${screen}: h1`).toBe(1)
        }

        await page.goto('/')
        await page.getByTestId('create-room').waitFor()
        await check('home')
        if (look.colorScheme === 'dark') {
          // No washed-out light band at the top, and the theme switch stands out on it.
          const toggle = (await page.getByTestId('theme-toggle').boundingBox())!
          const width = look.viewport?.width ?? 1280
          expect(await pixelLuminance(page, 2, 2)).toBeLessThan(0.05)
          expect(await pixelLuminance(page, width / 2, 40)).toBeLessThan(0.05)
          expect(await pixelLuminance(page, toggle.x + 1, toggle.y + 1)).toBeLessThan(0.05)
        }

        const roomId = await createRoom(chatty.server.baseUrl)
        await page.goto(`/room/${roomId}`)
        await page.getByTestId('name-modal').waitFor()
        await check('name-dialog')

        await joinRoom(page, roomId, 'Alice', 'fox')
        await joinRoom(other.page, roomId, 'Bob', 'owl')
        await send(other.page, 'Hi @Alice, the notes are at www.example.com/notes')
        await send(other.page, 'run `npm ci` first:\n```\nnpm ci\nnpm run serve\n```')
        await send(other.page, '🎉')
        await waitForMessage(page, 'npm run serve')
        await send(page, 'Thanks @Bob, see https://example.com/x')
        await waitForMessage(page, 'Thanks @Bob')
        await page.mouse.move(0, 0)
        await check('room')

        await page.getByTestId('user-count').click()
        if (look.viewport) {
          await page.getByTestId('user-panel').waitFor()
          await check('users')
          await page.keyboard.press('Escape')
        } else {
          // On a desktop the people are a sidebar: shown again after a hide.
          await page.getByTestId('user-sidebar').waitFor({ state: 'detached' })
          await page.getByTestId('user-count').click()
          await page.getByTestId('user-sidebar').waitFor()
          await check('users')
        }

        await page.goto('/room/no-such-room-here')
        await page.getByTestId('not-found').waitFor()
        await check('not-found')

        const ending = await chatty.browser.person({ ...options, baseURL: brief.baseUrl })
        await ending.page.emulateMedia({ reducedMotion: 'reduce' })
        // Joined within the room's few seconds, then waiting for its end.
        await ending.page.goto(`/room/${await createRoom(brief.baseUrl)}`)
        await ending.page.getByTestId('name-input').fill('Alice')
        await ending.page.getByTestId('join-button').click()
        await ending.page.getByTestId('expired-overlay').waitFor({ timeout: 15_000 })
        await check('expired', ending.page)

        expect(found, found.join('\n')).toEqual([])
        expect([...me.errors, ...other.errors, ...ending.errors]).toEqual([])
        await me.context.close()
        await other.context.close()
        await ending.context.close()
      },
    )
  }
})
