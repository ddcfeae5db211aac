import path from 'node:path'
import type { Locator } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS } from './support/browser.js'
import { createRoom } from '../testkit/rooms.js'
import { inPage, isDark, joinRoom, messageTexts, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

// A generous burst: the reply test sends a quick run of filler messages.
const chatty = useServerAndBrowser({
  CHATTY_MESSAGE_BURST: '100',
  CHATTY_MESSAGES_PER_SECOND: '50',
})

describe('room features', () => {
  it('home page creates a room and opens it', async () => {
    const { page, context } = await chatty.person()
    await page.goto('/')
    await page.getByRole('heading', { level: 1 }).waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'home.png') })
    await page.getByTestId('create-room').click()
    // Encrypted by default: the room's key is in the fragment.
    await page.waitForURL(/\/room\/[\w-]+#[\w-]{43}$/)
    await page.getByTestId('name-modal').waitFor()
    const countdown = await page.getByTestId('countdown').textContent()
    expect(countdown).toMatch(/(60:00|59:5\d)/)
    await context.close()
  })

  it('copies the share link to the clipboard with a visible confirmation', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const { page, context } = await chatty.person()
    await joinRoom(page, roomId, 'Sharer')
    await page.getByTestId('share-button').click()
    await expect.poll(() => page.getByTestId('share-button').textContent()).toContain('Copied')
    const copied = await inPage<string>(page, 'navigator.clipboard.readText()')
    expect(copied).toBe(`${chatty.server.baseUrl}/room/${roomId}`)
    await context.close()
  })

  it('inserts emoji at the cursor with the mouse and with the keyboard', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const { page, context } = await chatty.person()
    await joinRoom(page, roomId, 'Emo')
    const input = page.getByTestId('chat-input')
    await input.fill('Hello world')
    await input.evaluate((el) => (el as unknown as TextField).setSelectionRange(5, 5))

    await page.getByTestId('emoji-button').click()
    const picker = page.getByTestId('emoji-picker')
    await picker.waitFor()
    const first = picker.locator('[role=tabpanel] button').first()
    const firstChar = (await first.textContent())!.trim()
    await first.click()
    expect(await input.inputValue()).toBe(`Hello${firstChar} world`)

    // Keyboard only: open, move right twice and down one row, Enter, Escape.
    await page.keyboard.press('Escape')
    await picker.waitFor({ state: 'detached' })
    await page.getByTestId('emoji-button').focus()
    await page.keyboard.press('Enter')
    await picker.waitFor()
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowDown')
    const chosen = (await inPage<string>(page, 'document.activeElement.textContent')).trim()
    expect(await inPage<string>(page, 'document.activeElement.dataset.index')).toBe('10')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Escape')
    await picker.waitFor({ state: 'detached' })
    expect(await input.inputValue()).toBe(`Hello${firstChar}${chosen} world`)
    // Focus is back in the composer, so Enter sends.
    await page.keyboard.press('Enter')
    await waitForMessage(page, `Hello${firstChar}${chosen} world`)
    await context.close()
  })

  it('shows typing, highlights a mention of me, and replies with a quote that jumps', async () => {
    const { alice, bob } = await chatty.aliceAndBob()
    await expect.poll(() => alice.page.getByTestId('user-count').textContent()).toContain('2')

    // Typing notice
    await bob.page.getByTestId('chat-input').pressSequentially('thinking', { delay: 20 })
    await expect
      .poll(() => alice.page.getByTestId('typing').textContent())
      .toContain('Bob is typing…')
    await bob.page.getByTestId('chat-input').fill('')

    // First message, then enough chatter to scroll it away.
    await send(alice.page, 'The plan: meet at noon')
    for (let i = 1; i <= 14; i++) await send(bob.page, `filler message number ${i}`)
    await waitForMessage(alice.page, 'filler message number 14')

    // Count the chime's oscillators on Alice's page: the real Web Audio API, observed.
    await inPage(
      alice.page,
      `(() => {
        window.__chimes = 0
        const create = AudioContext.prototype.createOscillator
        AudioContext.prototype.createOscillator = function () {
          window.__chimes++
          return create.call(this)
        }
      })()`,
    )

    // Mention through the @ autocomplete
    const input = bob.page.getByTestId('chat-input')
    await input.fill('')
    await input.pressSequentially('hey @Al')
    await bob.page.getByTestId('mention-menu').waitFor()
    await input.press('Enter')
    expect(await input.inputValue()).toBe('hey @Alice ')
    await input.pressSequentially('look')
    await input.press('Enter')
    await waitForMessage(alice.page, 'hey @Alice look')
    const mentioned = alice.page.locator('article[data-mentions-me]', {
      hasText: 'hey @Alice look',
    })
    await mentioned.waitFor()
    expect(await mentioned.locator('span.bg-amber-200').textContent()).toBe('@Alice')
    // The mention played the chime (two notes); muted, the next one plays nothing.
    await expect.poll(() => inPage<number>(alice.page, 'window.__chimes')).toBe(2)
    const mute = alice.page.getByRole('button', { name: 'Mute mention sound' })
    await mute.click()
    await alice.page.getByRole('button', { name: 'Unmute mention sound', pressed: true }).waitFor()
    await send(bob.page, '@Alice are you there')
    await alice.page.locator('article[data-mentions-me]', { hasText: 'are you there' }).waitFor()
    expect(await inPage<number>(alice.page, 'window.__chimes')).toBe(2)

    // Reply to the first message, from Bob's side
    const original = bob.page.locator('article[data-message-id]', {
      hasText: 'The plan: meet at noon',
    })
    await original.hover()
    await original.getByTestId('reply-button').click()
    await bob.page.getByTestId('reply-preview').waitFor()
    await send(bob.page, 'Noon works')
    await waitForMessage(alice.page, 'Noon works')
    const reply = alice.page.locator('article[data-message-id]', { hasText: 'Noon works' })
    const quote = reply.getByTestId('reply-quote')
    expect(await quote.textContent()).toContain('The plan: meet at noon')

    const target = alice.page
      .locator('article[data-message-id]', { hasText: 'The plan: meet at noon' })
      .first()
    await alice.page
      .getByTestId('message-list')
      .evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    expect(await target.isVisible()).toBe(true)
    expect(await inViewport(target)).toBe(false)
    await quote.click()
    await expect.poll(() => inViewport(target)).toBe(true)
    expect(await target.getAttribute('class')).toContain('animate-flash')

    // Reading older messages: a new one does not yank the view, a button offers to jump.
    await send(bob.page, 'one more thing')
    const button = alice.page.getByTestId('new-messages')
    await button.waitFor()
    expect(await button.textContent()).toContain('1 new message')
    expect(await inViewport(target)).toBe(true)
    await button.click()
    const last = alice.page.locator('article[data-message-id]', { hasText: 'one more thing' })
    await expect.poll(() => inViewport(last)).toBe(true)
    await button.waitFor({ state: 'detached' })

    await alice.page.screenshot({ path: path.join(ARTIFACTS, 'room-features.png') })
    expect([...alice.errors, ...bob.errors]).toEqual([])
    await alice.context.close()
    await bob.context.close()
  })

  it('renders the room in the dark theme and remembers the choice', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const alice = await chatty.person({ colorScheme: 'dark' })
    const bob = await chatty.person()
    await joinRoom(alice.page, roomId, 'Alice', 'penguin')
    await joinRoom(bob.page, roomId, 'Bob', '')
    expect(await isDark(alice.page)).toBe(true)
    expect(await isDark(bob.page)).toBe(false)
    await send(bob.page, 'Dark mode looks great — see https://example.com/docs')
    await send(alice.page, 'It really does 🌙')
    await waitForMessage(alice.page, 'Dark mode looks great')
    await waitForMessage(alice.page, 'It really does')
    await alice.page.screenshot({ path: path.join(ARTIFACTS, 'room-dark.png') })

    await bob.page.getByTestId('theme-toggle').click()
    expect(await isDark(bob.page)).toBe(true)
    await bob.page.reload()
    await bob.page.getByTestId('chat-input').waitFor()
    expect(await isDark(bob.page)).toBe(true)
    await alice.context.close()
    await bob.context.close()
  })

  it('changes name and avatar in the room without losing or doubling history', async () => {
    const { alice, bob } = await chatty.aliceAndBob()
    await send(alice.page, 'first as Alice')
    await waitForMessage(bob.page, 'first as Alice')

    await alice.page.getByTestId('change-identity').click()
    const modal = alice.page.getByTestId('name-modal')
    await modal.waitFor()
    expect(await alice.page.getByTestId('name-input').inputValue()).toBe('Alice')
    // Escape closes without changes.
    await alice.page.keyboard.press('Escape')
    await modal.waitFor({ state: 'detached' })

    await alice.page.getByTestId('change-identity').click()
    await alice.page.getByTestId('name-input').fill('Alicia')
    await alice.page.getByTestId('avatar-cactus').check({ force: true })
    await alice.page.getByTestId('join-button').click()
    await modal.waitFor({ state: 'detached' })
    await expect.poll(() => bob.page.getByTestId('user-list').textContent()).toContain('Alicia')
    await send(alice.page, 'now as Alicia')
    await waitForMessage(bob.page, 'now as Alicia')
    expect(await messageTexts(alice.page)).toEqual(['first as Alice', 'now as Alicia'])
    expect(await messageTexts(bob.page)).toEqual(['first as Alice', 'now as Alicia'])

    // The new identity is remembered for the next room.
    const next = await createRoom(chatty.server.baseUrl)
    await alice.page.goto(`/room/${next}`)
    await expect.poll(() => alice.page.getByTestId('chat-input').isEnabled()).toBe(true)
    expect(await alice.page.getByTestId('user-list').textContent()).toContain('Alicia')
    await alice.context.close()
    await bob.context.close()
  })
})

async function inViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect()
    const list = el.closest('[data-testid=message-list]')!.getBoundingClientRect()
    return box.bottom > list.top && box.top < list.bottom
  })
}

interface TextField {
  setSelectionRange(start: number, end: number): void
}
