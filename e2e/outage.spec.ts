/**
 * On the in-memory store a restart forgets every room: the page then says the room ended
 * because the server restarted, not that the link may be mistyped. The tab names each page.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS } from './support/browser.js'
import { createRoom } from '../testkit/rooms.js'
import { joinRoom } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser()

describe('a server restart on the memory store', () => {
  it('ends the room with a page that says the server restarted', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const { page, context, errors } = await chatty.person()
    await joinRoom(page, roomId, 'Survivor')
    expect(await page.title()).toBe('Room — Chatty')

    await chatty.server.restart()
    const ended = page.getByTestId('room-ended')
    await ended.waitFor({ timeout: 15_000 })
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This room has ended')
    const text = (await ended.textContent()) ?? ''
    expect(text).toContain('The chat server restarted')
    expect(text).not.toMatch(/mistyped|doesn’t exist/)
    expect(await page.title()).toBe('Room ended — Chatty')
    expect(await page.getByTestId('connection-banner').count()).toBe(0)
    expect(await page.getByTestId('create-room').isVisible()).toBe(true)
    await page.screenshot({ path: path.join(ARTIFACTS, 'room-ended.png') })
    expect(errors).toEqual([])
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
