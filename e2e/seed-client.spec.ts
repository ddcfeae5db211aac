import path from 'node:path'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { ARTIFACTS } from './support/browser.js'
import { createRoom } from '../testkit/rooms.js'
import { joinRoom, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const PHONE = { width: 390, height: 844 }

const chatty = useServerAndBrowser()

/** A client written from the seed README: its join, its chat frame (no `type`), its avatar. */
async function seedClient(serverUrl: string, roomId: string) {
  const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/ws/${roomId}`, {
    origin: serverUrl,
  })
  const frames: Array<Record<string, unknown>> = []
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>))
  await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject))
  ws.send(JSON.stringify({ sender: 'Alice', avatar: 'afro', type: 'join' }))
  await expect.poll(() => frames.some((f) => f.type === 'history')).toBe(true)
  return { ws, frames }
}

describe('a member whose avatar the web app does not draw', () => {
  it('shows a seed client with avatar "afro" by her initial, in the list and on her message', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const phone = await chatty.person({ viewport: PHONE, isMobile: true, colorScheme: 'light' })
    await joinRoom(phone.page, roomId, 'Pat', 'koala')

    const alice = await seedClient(chatty.server.baseUrl, roomId)
    expect(alice.frames.find((f) => f.type === 'error')).toBeUndefined()
    const now = new Date().toISOString()
    alice.ws.send(
      JSON.stringify({
        sender: 'Alice',
        avatar: 'afro',
        content: 'Hi from a seed client',
        timestamp: now,
      }),
    )
    await waitForMessage(phone.page, 'Hi from a seed client')
    await send(phone.page, 'Hello Alice 👋')
    await expect
      .poll(() => alice.frames.some((f) => f.type === 'message' && f.content === 'Hello Alice 👋'))
      .toBe(true)

    // Her bubble carries the initial "A" where a drawing would be, and no broken image.
    const bubble = phone.page.locator('article[data-message-id]', {
      hasText: 'Hi from a seed client',
    })
    const badge = bubble.locator('span[aria-hidden=true]', { hasText: /^A$/ })
    expect(await badge.count()).toBe(1)
    expect(await bubble.locator('img').count()).toBe(0)
    await phone.page.screenshot({ path: path.join(ARTIFACTS, 'phone-afro.png') })

    // The people panel lists her the same way; the picker still offers only drawn avatars.
    await phone.page.getByTestId('user-count').click()
    const list = phone.page.getByTestId('user-list')
    const row = list.locator('li', { hasText: 'Alice' })
    await row.waitFor()
    expect(await row.locator('span[aria-hidden=true]', { hasText: /^A$/ }).count()).toBe(1)
    expect(await row.locator('img').count()).toBe(0)
    await phone.page.screenshot({ path: path.join(ARTIFACTS, 'phone-afro-people.png') })
    await phone.page.getByTestId('change-identity').click()
    await phone.page.getByTestId('name-modal').waitFor()
    expect(await phone.page.getByTestId('avatar-afro').count()).toBe(0)
    expect(await phone.page.locator('input[name=avatar]').count()).toBe(17)

    expect(phone.errors).toEqual([])
    alice.ws.close()
    await phone.context.close()
  })
})
