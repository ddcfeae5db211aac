/**
 * Quiet reconnects in the browser: a reload within the grace time leaves no "left" or
 * "joined" line for the others; leaving for good still does, once the grace has passed.
 */
import { describe, expect, it } from 'vitest'
import { send, waitForMessage, noticeTexts } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const GRACE_S = 3
const chatty = useServerAndBrowser({ CHATTY_TEST_TIMINGS: `grace=${GRACE_S}` })

const JOINED = ['Alice joined the chat', 'Bob joined the chat']

describe('quiet reconnects', () => {
  it('a reload within the grace shows no left or joined line to the others', async () => {
    const { alice, bob } = await chatty.aliceAndBob()
    await expect.poll(() => noticeTexts(alice.page)).toEqual(JOINED)
    await send(bob.page, 'before the reload')
    await waitForMessage(alice.page, 'before the reload')

    const reloadedAt = Date.now()
    await bob.page.reload()
    await expect.poll(() => bob.page.getByTestId('chat-input').isEnabled()).toBe(true)
    // Bob is back under his name, with the history, and no name dialog asked him anything.
    await waitForMessage(bob.page, 'before the reload')
    expect(await bob.page.getByTestId('name-modal').count()).toBe(0)

    // Past the time the leave would have come (the grace), the room still says nothing.
    await new Promise((r) =>
      setTimeout(r, Math.max(0, reloadedAt + GRACE_S * 1000 + 1000 - Date.now())),
    )
    await send(bob.page, 'after the reload')
    await waitForMessage(alice.page, 'after the reload')
    expect(await noticeTexts(alice.page)).toEqual(JOINED)
    expect(await alice.page.getByTestId('user-sidebar').textContent()).toContain('Bob')

    // Closing the tab is leaving: the line comes, after the grace.
    const closedAt = Date.now()
    await bob.context.close()
    await expect
      .poll(() => noticeTexts(alice.page), { timeout: GRACE_S * 1000 + 10_000 })
      .toEqual([...JOINED, 'Bob left the chat'])
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(GRACE_S * 1000 - 500)
    await alice.context.close()
  })
})
