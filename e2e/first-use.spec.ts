import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeViolations, seriousViolations } from './support/axe.js'
import { ARTIFACTS } from './support/browser.js'
import { inPage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser()

describe('first use', () => {
  for (const look of [
    { name: 'light', colorScheme: 'light' as const },
    { name: 'dark', colorScheme: 'dark' as const },
    { name: 'phone', colorScheme: 'light' as const, viewport: { width: 390, height: 844 } },
  ]) {
    it(`shows the creator an invite card until someone joins; the cursor waits in the message box (${look.name})`, async () => {
      const creator = await chatty.person({
        colorScheme: look.colorScheme,
        viewport: look.viewport,
      })
      const { page } = creator
      await page.goto('/')
      await page.getByTestId('create-room').click()
      await page.waitForURL(/\/room\/[\w-]+#[\w-]{43}$/)
      const roomId = new URL(page.url()).pathname.split('/').pop()!
      await page.getByTestId('name-input').fill('Alice')
      await page.getByTestId('join-button').click()
      await page.getByTestId('name-modal').waitFor({ state: 'detached' })

      // Only one's own join notice so far: that is not a conversation, the invite card shows.
      const card = page.getByTestId('invite-card')
      await card.waitFor()
      await page.getByTestId('system-notice').waitFor()
      expect(await page.getByTestId('invite-url').inputValue()).toBe(page.url())
      // The cursor is in the message box.
      await expect.poll(() => inPage<string>(page, 'document.activeElement?.id')).toBe('chat-input')
      await page.screenshot({ path: path.join(ARTIFACTS, `first-use-${look.name}.png`) })
      const violations = await seriousViolations(page)
      expect(violations, describeViolations(violations)).toEqual([])

      // Copy puts the full link (key included) on the clipboard; the button's name is its text.
      const copyButton = card.getByRole('button', { name: 'Copy link' })
      await copyButton.click()
      await card.getByRole('button', { name: 'Copied!' }).waitFor()
      await expect
        .poll(() => inPage<string>(page, 'navigator.clipboard.readText()'))
        .toBe(page.url())

      // The skip link is the page's first stop for the keyboard, shown when focused, and
      // leads to the message box without touching the address (the key lives in its fragment).
      const skip = page.getByTestId('skip-link')
      const first = await inPage<string>(
        page,
        `document.querySelector('a[href], button, input, textarea, [tabindex]')?.dataset.testid`,
      )
      expect(first).toBe('skip-link')
      expect(await skip.textContent()).toBe('Skip to the message box')
      await page.getByTestId('theme-toggle').focus()
      await skip.focus()
      expect((await skip.boundingBox())!.width).toBeGreaterThan(50)
      await page.keyboard.press('Enter')
      await expect.poll(() => inPage<string>(page, 'document.activeElement?.id')).toBe('chat-input')
      expect(page.url()).toMatch(/#[\w-]{43}$/)

      // Someone else joins: the card goes, for good.
      const guest = await chatty.person()
      await guest.page.goto(page.url())
      await guest.page.getByTestId('name-input').fill('Bob')
      await guest.page.getByTestId('join-button').click()
      await card.waitFor({ state: 'detached' })
      // The guest, who did not create the room, never sees it.
      await guest.page.getByTestId('name-modal').waitFor({ state: 'detached' })
      expect(await guest.page.getByTestId('invite-card').count()).toBe(0)
      await guest.context.close()
      expect(await card.count()).toBe(0)
      expect(roomId).not.toBe('')
      expect(creator.errors).toEqual([])
      await creator.context.close()
    })
  }

  it('the remembered name joins at once, with the cursor in the message box', async () => {
    const { page, context } = await chatty.person()
    await page.goto('/')
    await page.getByTestId('create-room').click()
    await page.waitForURL(/\/room\//)
    await page.getByTestId('name-input').fill('Carol')
    await page.getByTestId('join-button').click()
    await page.getByTestId('name-modal').waitFor({ state: 'detached' })
    // Joined (the resume token is kept once `joined` is in): a reload before that would find
    // its own name held for the reconnect grace, as a new tab would.
    await expect.poll(() => page.getByTestId('chat-input').isEnabled()).toBe(true)
    await page.reload()
    await expect
      .poll(() => page.getByTestId('chat-input').isEnabled(), { timeout: 20_000 })
      .toBe(true)
    await expect.poll(() => inPage<string>(page, 'document.activeElement?.id')).toBe('chat-input')
    await context.close()
  })
})
