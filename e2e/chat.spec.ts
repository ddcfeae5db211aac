import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS } from './support/browser.js'
import { createRoom } from '../testkit/rooms.js'
import { joinRoom, messageTexts, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

// A burst of 5 and a refill of 1 message/s: 14 typed sends run out of tokens unless they take
// over 9 s (at the defaults, 10 and 5/s, a loaded machine typed them slowly enough never to).
const chatty = useServerAndBrowser({ CHATTY_MESSAGES_PER_SECOND: '1', CHATTY_MESSAGE_BURST: '5' })

describe('chatting', () => {
  it('two people chat both ways, and a late joiner gets the history', async () => {
    const { roomId, alice, bob } = await chatty.aliceAndBob()

    await send(alice.page, 'Hi Bob!')
    await waitForMessage(bob.page, 'Hi Bob!')
    await send(bob.page, 'Hello Alice 👋')
    await waitForMessage(alice.page, 'Hello Alice 👋')

    expect(await messageTexts(alice.page)).toEqual(['Hi Bob!', 'Hello Alice 👋'])
    // Screen readers hear the newest message through the polite live region.
    expect(await alice.page.getByTestId('live-region').textContent()).toBe('Bob: Hello Alice 👋')
    expect(await messageTexts(bob.page)).toEqual(['Hi Bob!', 'Hello Alice 👋'])
    // Bob sees Alice in the header count and the sidebar.
    await expect.poll(() => bob.page.getByTestId('user-count').textContent()).toContain('2')

    const carol = await chatty.person()
    await joinRoom(carol.page, roomId, 'Carol', 'cat')
    await waitForMessage(carol.page, 'Hello Alice 👋')
    expect(await messageTexts(carol.page)).toEqual(['Hi Bob!', 'Hello Alice 👋'])
    await expect
      .poll(() => alice.page.getByTestId('system-notice').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('Carol joined')]))

    await alice.page.screenshot({ path: path.join(ARTIFACTS, 'room-light.png') })
    expect([...alice.errors, ...bob.errors, ...carol.errors]).toEqual([])
    await alice.context.close()
    await bob.context.close()
    await carol.context.close()
  })

  it('shows a message containing HTML as text and links only http(s) URLs', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const a = await chatty.person()
    const b = await chatty.person()
    await joinRoom(a.page, roomId, 'Mallory', 'robot')
    await joinRoom(b.page, roomId, 'Victim', 'panda')

    const evil =
      '<img src=x onerror="globalThis.__pwned=1"><b>bold</b> javascript:alert(1) https://example.com/a?b=1.'
    await send(a.page, evil)
    await waitForMessage(b.page, '<b>bold</b>')

    const text = b.page.locator('article[data-message-id] [data-testid=message-text]').last()
    expect(await text.textContent()).toBe(evil)
    expect(await text.locator('img, b').count()).toBe(0)
    expect(
      await b.page.evaluate(() => (globalThis as { __pwned?: number }).__pwned),
    ).toBeUndefined()
    const links = text.locator('a')
    expect(await links.count()).toBe(1)
    expect(await links.first().getAttribute('href')).toBe('https://example.com/a?b=1')
    expect(await links.first().getAttribute('target')).toBe('_blank')
    expect(await links.first().getAttribute('rel')).toBe('noopener noreferrer')
    expect([...a.errors, ...b.errors]).toEqual([])
    await a.context.close()
    await b.context.close()
  })

  it('shows a taken name in the name dialog and a too-fast message under the input', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const first = await chatty.person()
    const second = await chatty.person()
    await joinRoom(first.page, roomId, 'Sam', 'lion')

    await second.page.goto(`/room/${roomId}`)
    await second.page.getByTestId('name-input').fill('Sam')
    await second.page.getByTestId('join-button').click()
    const nameError = second.page.getByTestId('name-error')
    await nameError.waitFor()
    // The server's own words (straight or curly quotes are the server's choice).
    expect(await nameError.textContent()).toMatch(/already called ["“]Sam["”]/)
    await second.page.getByTestId('name-input').fill('Sam Two')
    await second.page.getByTestId('join-button').click()
    await second.page.getByTestId('name-modal').waitFor({ state: 'detached' })
    await expect.poll(() => first.page.getByTestId('user-count').textContent()).toContain('2')

    // The burst is 5 messages and the refill 1/s here: unless the 14 sends take over 9 s, the
    // later ones are refused, and come back.
    for (let i = 1; i <= 14; i++) await send(second.page, `burst ${i}`)
    const inputError = second.page.getByTestId('input-error')
    await inputError.waitFor()
    expect(await inputError.textContent()).toContain('too fast')
    await expect.poll(() => second.page.getByTestId('chat-input').inputValue()).toMatch(/burst \d+/)
    await second.page
      .locator('article:not([data-message-id])')
      .first()
      .waitFor({ state: 'detached' })
    // Refused messages come back to the composer; none is shown as sent, none twice.
    // (The test's own fill() may overwrite a draft restored mid-burst, so only no-doubles is exact.)
    const shown = await messageTexts(second.page)
    const restored = (await second.page.getByTestId('chat-input').inputValue()).split('\n')
    expect(shown.length).toBeLessThan(14)
    expect(new Set([...shown, ...restored]).size).toBe(shown.length + restored.length)
    await first.context.close()
    await second.context.close()
  })
})
