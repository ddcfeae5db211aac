import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, launchBrowser, type TestBrowser } from './support/browser.js'
import { createRoom, joinRoom, messageTexts, send, waitForMessage } from './support/chat.js'
import { startServer, type ChattyServer } from './support/server.js'

let server: ChattyServer
let browser: TestBrowser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('chatting', () => {
  it('two people chat both ways, and a late joiner gets the history', async () => {
    const roomId = await createRoom(server.url)
    const alice = await browser.person({ baseURL: server.url })
    const bob = await browser.person({ baseURL: server.url })

    await joinRoom(alice.page, roomId, 'Alice', 'fox')
    await joinRoom(bob.page, roomId, 'Bob', 'owl')

    await send(alice.page, 'Hi Bob!')
    await waitForMessage(bob.page, 'Hi Bob!')
    await send(bob.page, 'Hello Alice 👋')
    await waitForMessage(alice.page, 'Hello Alice 👋')

    expect(await messageTexts(alice.page)).toEqual(['Hi Bob!', 'Hello Alice 👋'])
    expect(await messageTexts(bob.page)).toEqual(['Hi Bob!', 'Hello Alice 👋'])
    // Bob sees Alice in the header count and the sidebar.
    await expect.poll(() => bob.page.getByTestId('user-count').textContent()).toContain('2')

    const carol = await browser.person({ baseURL: server.url })
    await joinRoom(carol.page, roomId, 'Carol', 'cat')
    await waitForMessage(carol.page, 'Hello Alice 👋')
    expect(await messageTexts(carol.page)).toEqual(['Hi Bob!', 'Hello Alice 👋'])
    await expect
      .poll(() => alice.page.getByTestId('system-notice').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining('Carol joined')]))

    await alice.page.screenshot({ path: path.join(ARTIFACTS, 'room-light.png') })
    await alice.context.close()
    await bob.context.close()
    await carol.context.close()
  })

  it('shows a message containing HTML as text and links only http(s) URLs', async () => {
    const roomId = await createRoom(server.url)
    const a = await browser.person({ baseURL: server.url })
    const b = await browser.person({ baseURL: server.url })
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
    await a.context.close()
    await b.context.close()
  })
})
