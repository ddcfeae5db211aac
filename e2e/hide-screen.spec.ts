/**
 * Hide the screen: Alt+Shift+H (or the room menu) blanks the room at once, a click brings it
 * back, and what arrived meanwhile is there.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS } from './support/browser.js'
import { createRoom } from '../testkit/rooms.js'
import { joinRoom, messageTexts, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser()

describe('hiding the screen', () => {
  it('blanks the room at once with the shortcut or the menu, and only a click shows it again', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const ana = await chatty.person()
    const ben = await chatty.person()
    await joinRoom(ana.page, roomId, 'Ana')
    await joinRoom(ben.page, roomId, 'Ben', 'owl')
    await send(ana.page, 'the surprise party is on Friday')
    await waitForMessage(ben.page, 'the surprise party is on Friday')

    await ben.page.keyboard.press('Alt+Shift+H')
    const screen = ben.page.getByTestId('privacy-screen')
    await screen.waitFor()
    // Nothing of the room is shown, nor left for a screen reader to read.
    expect(await ben.page.getByText('the surprise party is on Friday').first().isVisible()).toBe(
      false,
    )
    expect(await ben.page.getByTestId('chat-input').isVisible()).toBe(false)
    await ben.page.screenshot({ path: path.join(ARTIFACTS, 'hide-screen.png') })
    // A key does not bring it back; a click does, with what came meanwhile.
    await send(ana.page, 'bring snacks')
    await ben.page.keyboard.press('Escape')
    expect(await screen.isVisible()).toBe(true)
    await ben.page.getByTestId('privacy-screen-show').click()
    await waitForMessage(ben.page, 'bring snacks')
    expect(await messageTexts(ben.page)).toContain('the surprise party is on Friday')

    // From the room's menu too.
    await ben.page.getByTestId('room-menu-button').click()
    await ben.page.getByTestId('hide-screen').click()
    await screen.waitFor()
    await ben.page.getByTestId('privacy-screen-show').click()
    await screen.waitFor({ state: 'detached' })
    await ana.context.close()
    await ben.context.close()
  })
})
