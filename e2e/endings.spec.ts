import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS } from './support/browser.js'
import { createRoom } from '../testkit/rooms.js'
import { joinRoom, send, waitForMessage } from './support/chat.js'
import { startChatty } from '../testkit/chatty.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser({
  // Long enough for a page on a loaded machine to join before the end (4 s was not).
  CHATTY_ROOM_TTL_SECONDS: '8',
  CHATTY_CLEANUP_INTERVAL_SECONDS: '1',
})

describe('endings', () => {
  it('shows the expired overlay when the room runs out, and offers a new room', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const { page, context } = await chatty.person()
    await joinRoom(page, roomId, 'Brief')
    await send(page, 'quick, before it goes')
    await waitForMessage(page, 'quick, before it goes')
    expect(await page.getByTestId('countdown').getAttribute('data-urgent')).toBe('true')

    const overlay = page.getByTestId('expired-overlay')
    await overlay.waitFor({ timeout: 15_000 })
    expect(await overlay.textContent()).toContain('This room has expired')
    // In words that fit the room's own lifetime, not "its hour".
    expect(await overlay.textContent()).toContain('Its eight seconds are up')
    expect(await page.title()).toBe('Room expired — Chatty')
    // A final close: no reconnect banner.
    expect(await page.getByTestId('connection-banner').count()).toBe(0)
    await page.screenshot({ path: path.join(ARTIFACTS, 'expired.png') })

    await overlay.getByTestId('create-room').click()
    await page.waitForURL(
      (url) => url.pathname.startsWith('/room/') && !url.pathname.endsWith(roomId),
    )
    // The remembered name joins the new room directly.
    await expect
      .poll(() => page.getByTestId('chat-input').isEnabled(), { timeout: 10_000 })
      .toBe(true)
    await context.close()
  })

  it('shows the not-found page for an unknown room, and offers a new room', async () => {
    const { page, context } = await chatty.person()
    await page.goto('/room/no-such-room-here')
    await page.getByRole('heading', { name: 'This room doesn’t exist' }).waitFor()
    expect(await page.getByTestId('name-modal').count()).toBe(0)
    await page.screenshot({ path: path.join(ARTIFACTS, 'not-found.png') })
    await page.getByTestId('create-room').click()
    await page.waitForURL(/\/room\/(?!no-such-room-here)[\w-]+#[\w-]{43}$/)
    await page.getByTestId('name-modal').waitFor()
    await context.close()
  })

  it('shows the not-found page for an unknown path', async () => {
    const { page, context } = await chatty.person()
    await page.goto('/this/is/not/a/page')
    await page.getByRole('heading', { name: 'This page doesn’t exist' }).waitFor()
    expect(await page.getByTestId('create-room').isVisible()).toBe(true)
    await context.close()
  })
})

describe('a full room', () => {
  it('shows a full-page message to the person who does not fit', async () => {
    const small = await startChatty({ env: { CHATTY_MEMBERS_PER_ROOM: '1' } })
    try {
      const roomId = await createRoom(small.baseUrl)
      const first = await chatty.browser.person({ baseURL: small.baseUrl })
      const second = await chatty.browser.person({ baseURL: small.baseUrl })
      await joinRoom(first.page, roomId, 'Inside')
      await second.page.goto(`/room/${roomId}`)
      await second.page.getByTestId('name-input').fill('Outside')
      await second.page.getByTestId('join-button').click()
      await second.page.getByRole('heading', { name: 'This room is full' }).waitFor()
      expect(await second.page.getByTestId('create-room').isVisible()).toBe(true)
      // The server's own words (its error frame before the 4009 close), not the fallback.
      const words = await second.page.getByTestId('room-full').textContent()
      expect(words).toMatch(/full/i)
      expect(words).not.toContain('Everyone who fits')
      await second.page.screenshot({ path: path.join(ARTIFACTS, 'room-full.png') })
      // No reconnect loop: a full room is a final answer.
      expect(await second.page.getByTestId('connection-banner').count()).toBe(0)
      await first.context.close()
      await second.context.close()
    } finally {
      await small.stop()
    }
  })
})
