import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS } from './support/browser.js'
import { createRoom } from '../testkit/rooms.js'
import { inPage, joinRoom, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const PHONE = { width: 390, height: 844 }

const chatty = useServerAndBrowser()

describe('on a 390 px phone', () => {
  it('fits the screen, keeps the composer visible and opens the people panel as a dialog', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const phone = await chatty.person({ viewport: PHONE, isMobile: true })
    const desk = await chatty.person()
    await phone.page.goto(`/room/${roomId}`)
    await phone.page.getByTestId('name-input').fill('Pat')
    await phone.page.screenshot({ path: path.join(ARTIFACTS, 'phone-join.png') })
    await joinRoom(phone.page, roomId, 'Pat', 'koala')
    await joinRoom(desk.page, roomId, 'Dana Longname', 'whale')

    await send(
      desk.page,
      'Welcome! Here is a long link https://example.com/a/very/long/path/that/should/wrap/nicely/on/small/screens?with=query&and=more',
    )
    await send(phone.page, 'Thanks, reading on my phone 📱')
    await send(
      desk.page,
      'Supercalifragilisticexpialidocious-and-even-longer-words-without-spaces-should-wrap',
    )
    await waitForMessage(phone.page, 'Supercalifragilistic')

    // Nothing scrolls sideways, the composer is on screen, and the desktop sidebar is hidden.
    const scrollWidth = await inPage<number>(phone.page, 'document.documentElement.scrollWidth')
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.width)
    const composer = await phone.page.getByTestId('chat-input').boundingBox()
    expect(composer!.y + composer!.height).toBeLessThanOrEqual(PHONE.height)
    expect(await phone.page.getByTestId('user-sidebar').count()).toBe(0)
    await phone.page.screenshot({ path: path.join(ARTIFACTS, 'phone.png') })

    // The header count opens the people panel as a modal dialog; Escape closes it.
    expect(await phone.page.getByTestId('user-count').textContent()).toContain('2')
    await phone.page.getByTestId('user-count').click()
    const panel = phone.page.getByRole('dialog', { name: 'People in this room' })
    await panel.waitFor()
    expect(await panel.getAttribute('aria-modal')).toBe('true')
    expect(await panel.getByTestId('user-list').textContent()).toContain('Dana Longname')
    // Focus is trapped inside: tabbing around never leaves the panel.
    for (let i = 0; i < 4; i++) {
      await phone.page.keyboard.press('Tab')
      expect(await panel.evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true)
    }
    await phone.page.screenshot({ path: path.join(ARTIFACTS, 'phone-people.png') })
    await phone.page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })

    // A keyboard-sized viewport still shows the composer (the app follows the visual viewport).
    await phone.page.setViewportSize({ width: PHONE.width, height: 420 })
    await phone.page.getByTestId('chat-input').focus()
    const small = await phone.page.getByTestId('chat-input').boundingBox()
    expect(small!.y + small!.height).toBeLessThanOrEqual(420)
    expect(phone.errors).toEqual([])
    await phone.context.close()
    await desk.context.close()
  })
})
