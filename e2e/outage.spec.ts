/**
 * On the in-memory store a restart forgets every room. For the people in one that is an
 * accident, not the room's end: what they saw stays on screen, read-only, with the ways to
 * keep it (transcript, unsent text) and to carry on (a new room). The tab names each page.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeViolations, seriousViolations } from './support/axe.js'
import { ARTIFACTS, LOOKS } from './support/browser.js'
import { createRoom } from '../testkit/rooms.js'
import { inPage, joinRoom, messageTexts, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser()

describe('a server restart on the memory store', () => {
  for (const look of LOOKS) {
    it(`keeps the lost room's conversation on screen, with its last chances (${look.name})`, async () => {
      const roomId = await createRoom(chatty.server.baseUrl)
      const { page, context, errors } = await chatty.person(look)
      await joinRoom(page, roomId, 'Survivor')
      await send(page, 'kept on screen')
      await waitForMessage(page, 'kept on screen')
      expect(await page.title()).toBe('Room — Chatty')

      // Written while the server is away: one message on its way, one still in the box.
      await chatty.server.stop()
      await page.getByTestId('connection-banner').waitFor()
      await send(page, 'written during the outage')
      await page.getByTestId('chat-input').fill('half a thought')
      await chatty.server.start()

      const lost = page.getByTestId('room-lost')
      await lost.waitFor()
      expect(await lost.textContent()).toContain('The chat server restarted and lost this room')
      expect(await page.title()).toBe('Room lost — Chatty')
      // The conversation stays, to read: no message box, no Reply, no Retry; not "not found".
      expect(await messageTexts(page)).toEqual(['kept on screen'])
      // The one that never went: marked so, without Retry or Discard.
      const unsent = page.locator('article:not([data-message-id])')
      expect(await unsent.textContent()).toMatch(/^written during the outage\s*Not sent$/)
      expect(await unsent.getByRole('button').count()).toBe(0)
      expect(await page.getByTestId('reply-button').count()).toBe(0)
      expect(await page.getByTestId('chat-input').count()).toBe(0)
      expect(await page.getByTestId('connection-banner').count()).toBe(0)
      expect(await page.getByText(/mistyped|doesn’t exist/).count()).toBe(0)
      // Focus moved from the vanished message box to the explanation.
      expect(await inPage<string>(page, 'document.activeElement.id')).toBe('room-lost-title')
      await page.screenshot({ path: path.join(ARTIFACTS, `room-lost-${look.name}.png`) })
      const violations = await seriousViolations(page)
      expect(violations, describeViolations(violations)).toEqual([])
      expect(await page.locator('h1').count()).toBe(1)

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        lost.getByRole('button', { name: 'Save transcript' }).click(),
      ])
      const saved = await readFile(await download.path(), 'utf8')
      expect(saved).toMatch(/\] Survivor: kept on screen\n/)
      expect(saved).not.toContain('written during the outage')

      await lost.getByRole('button', { name: 'Copy unsent text' }).click()
      await lost.getByRole('button', { name: 'Copied' }).waitFor()
      expect(await inPage<string>(page, 'navigator.clipboard.readText()')).toBe(
        'written during the outage\n\nhalf a thought',
      )

      const create = lost.getByRole('button', { name: 'Start a new room' })
      // On a phone too, every action is on screen without scrolling.
      const box = await create.boundingBox()
      expect(box!.y + box!.height).toBeLessThanOrEqual(look.viewport.height)
      await create.click()
      await page.waitForURL(
        (url) => url.pathname.startsWith('/room/') && !url.pathname.endsWith(roomId),
      )
      await expect.poll(() => page.getByTestId('chat-input').isEnabled()).toBe(true)
      expect(errors).toEqual([])
      await context.close()
    })
  }

  it('offers no unsent text to copy when there is none', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const { page, context } = await chatty.person()
    await joinRoom(page, roomId, 'Tidy')
    await chatty.server.restart()
    const lost = page.getByTestId('room-lost')
    await lost.waitFor()
    const labels = await lost.getByRole('button').allTextContents()
    expect(labels.map((l) => l.trim())).toEqual(['Save transcript', 'Start a new room'])
    await context.close()
  })

  it('names the not-found page in the tab', async () => {
    const { page, context } = await chatty.person()
    await page.goto('/room/no-such-room-here')
    await page.getByRole('heading', { name: 'This room doesn’t exist' }).waitFor()
    expect(await page.title()).toBe('Room not found — Chatty')
    await context.close()
  })
})
