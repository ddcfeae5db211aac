/**
 * A room that reaches people (issue 13, points 6, 7 and 9) in a real Chromium: notifications
 * of a mention while the tab is hidden, the share link as a QR code that decodes back to it,
 * and the transcript saved in the browser (the installable shell: installable.spec.ts).
 */
import { readFile } from 'node:fs/promises'
import jsqr from 'jsqr'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { enterName, inPage, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const setup = useServerAndBrowser()
// jsQR is CommonJS with a typed default export: under NodeNext the default import is the
// module object, whose `default` is the same function.
const jsQR = jsqr.default

/**
 * Records every notification the page shows, through the real constructor (it still runs);
 * and lets the test hide the tab: headless Chromium keeps every page visible, so
 * `visibilityState` answers what the test set and `visibilitychange` fires as a browser would.
 */
const RECORD_NOTIFICATIONS = `(() => {
  const Real = window.Notification
  window.__shown = []
  window.__asked = 0
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options)
      window.__shown.push({ title, body: options && options.body })
    }
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission })
  Recorded.requestPermission = (...args) => {
    window.__asked += 1
    return Real.requestPermission(...args)
  }
  window.Notification = Recorded
  let hidden = false
  Object.defineProperty(Document.prototype, 'visibilityState', {
    get: () => (hidden ? 'hidden' : 'visible'),
  })
  Object.defineProperty(Document.prototype, 'hidden', { get: () => hidden })
  window.__setHidden = (value) => {
    hidden = value
    document.dispatchEvent(new Event('visibilitychange'))
  }
})()`

interface Shown {
  title: string
  body?: string
}

/** Creates an encrypted room from the home page and joins it; returns the full link. */
async function createEncryptedRoom(page: Page, name: string): Promise<string> {
  await page.goto('/')
  await page.getByTestId('create-room').click()
  await page.waitForURL(/\/room\/[^#]+#.+$/)
  await enterName(page, name, 'fox')
  return page.url()
}

/** Decodes the QR code in a screenshot, in a blank page (no app, no network) and jsQR. */
async function decodeQr(page: Page): Promise<string | undefined> {
  const png = await page.getByTestId('qr-code').screenshot()
  const blank = await setup.browser.browser.newPage()
  try {
    const pixels = await inPage<{ width: number; height: number; data: number[] }>(
      blank,
      `(async () => {
        const img = new Image()
        img.src = 'data:image/png;base64,${png.toString('base64')}'
        await img.decode()
        const canvas = document.createElement('canvas')
        canvas.width = img.width
        canvas.height = img.height
        const g = canvas.getContext('2d')
        g.drawImage(img, 0, 0)
        const { data } = g.getImageData(0, 0, img.width, img.height)
        return { width: img.width, height: img.height, data: Array.from(data) }
      })()`,
    )
    return jsQR(new Uint8ClampedArray(pixels.data), pixels.width, pixels.height)?.data
  } finally {
    await blank.close()
  }
}

describe('a room that reaches people', () => {
  it('notifies a mention or a reply while the tab is hidden, once turned on, with the decrypted words', async () => {
    const alice = await setup.person()
    await alice.context.addInitScript(RECORD_NOTIFICATIONS)
    const link = await createEncryptedRoom(alice.page, 'Alice')
    const bob = await setup.person()
    await bob.page.goto(link)
    await enterName(bob.page, 'Bob', 'owl')
    const shown = () => inPage<Shown[]>(alice.page, 'window.__shown')

    // Off by default: a mention in a hidden tab shows nothing, and nobody asked for permission.
    await inPage(alice.page, 'window.__setHidden(true)')
    await send(bob.page, '@Alice before MARKER-off')
    await waitForMessage(alice.page, 'MARKER-off')
    expect(await shown()).toEqual([])
    expect(await inPage<number>(alice.page, 'window.__asked')).toBe(0)

    // The person says yes to the browser's question (a test cannot click the prompt itself).
    await alice.context.grantPermissions(['notifications'], { origin: setup.server.baseUrl })
    await inPage(alice.page, 'window.__setHidden(false)')
    await alice.page.getByTestId('room-menu-button').click()
    await alice.page.getByTestId('notifications-toggle').click()
    await expect
      .poll(() => alice.page.getByTestId('notifications-toggle').getAttribute('aria-checked'))
      .toBe('true')
    expect(await inPage(alice.page, `localStorage.getItem('chatty-notifications')`)).toBe('true')
    await alice.page.keyboard.press('Escape')

    // Visible: no notification. Hidden: a mention and a reply each raise one; other talk none.
    await send(bob.page, '@Alice while visible MARKER-seen')
    await waitForMessage(alice.page, 'MARKER-seen')
    await inPage(alice.page, 'window.__setHidden(true)')
    await send(bob.page, 'just chatting MARKER-plain')
    await waitForMessage(alice.page, 'MARKER-plain')
    await send(bob.page, 'hey @Alice the secret word is MARKER-mention')
    await expect
      .poll(shown)
      .toEqual([
        { title: 'Bob mentioned you', body: 'hey @Alice the secret word is MARKER-mention' },
      ])
    await send(alice.page, 'my own MARKER-mine')
    await waitForMessage(bob.page, 'MARKER-mine')
    const mine = bob.page.locator('article[data-message-id]', { hasText: 'MARKER-mine' })
    await mine.hover()
    await mine.getByTestId('reply-button').click()
    await send(bob.page, 'answering MARKER-reply')
    await expect
      .poll(async () => (await shown()).at(-1))
      .toEqual({ title: 'Bob replied to you', body: 'answering MARKER-reply' })
    expect(await shown()).toHaveLength(2)

    // Remembered on this device: a reload finds it still on.
    await alice.page.reload()
    await alice.page.getByTestId('room-menu-button').click()
    expect(await alice.page.getByTestId('notifications-toggle').getAttribute('aria-checked')).toBe(
      'true',
    )
    expect(alice.errors).toEqual([])
  })

  it('shows the full share link, key included, as a QR code that decodes back to it', async () => {
    const alice = await setup.person()
    const link = await createEncryptedRoom(alice.page, 'Alice')
    const requests: string[] = []
    alice.context.on('request', (r) => requests.push(r.url()))
    // The invite card of a fresh room offers the same code.
    const inviteQr = alice.page.getByTestId('invite-qr')
    await inviteQr.locator('summary').click()
    await alice.page.getByTestId('qr-code').waitFor()
    expect(await decodeQr(alice.page)).toBe(link)
    await inviteQr.locator('summary').click()
    await alice.page.getByTestId('qr-code').waitFor({ state: 'detached' })
    await alice.page.getByTestId('share-qr-button').click()
    await alice.page.getByTestId('qr-code').waitFor()
    expect(await decodeQr(alice.page)).toBe(link)
    // Drawn in the page: nothing was fetched to draw it.
    expect(requests).toEqual([])
    expect(alice.errors).toEqual([])
  })

  it('on a 390 px phone, offers the same QR code from the room menu', async () => {
    const phone = await setup.person({ viewport: { width: 390, height: 844 }, isMobile: true })
    const link = await createEncryptedRoom(phone.page, 'Pat')
    expect(await phone.page.getByTestId('share-qr-button').isVisible()).toBe(false)
    await phone.page.getByTestId('room-menu-button').click()
    await phone.page.getByTestId('menu-qr-button').click()
    await phone.page.getByTestId('qr-code').waitFor()
    expect(await decodeQr(phone.page)).toBe(link)
    // The header still fits: its last control is on the screen.
    const box = await phone.page.getByTestId('room-menu-button').boundingBox()
    expect(box!.x + box!.width).toBeLessThanOrEqual(390)
  })

  it('saves the transcript as .txt and .md in the browser, decrypted, with nothing fetched', async () => {
    const alice = await setup.person()
    const link = await createEncryptedRoom(alice.page, 'Alice')
    const bob = await setup.person()
    await bob.page.goto(link)
    await enterName(bob.page, 'Bob', 'owl')
    await send(alice.page, 'hello from MARKER-alice')
    await send(bob.page, 'and *back* from\nMARKER-bob')
    await waitForMessage(alice.page, 'MARKER-bob')

    const requests: string[] = []
    alice.context.on('request', (r) => requests.push(r.url()))
    const saved: Record<string, string> = {}
    for (const format of ['txt', 'md']) {
      await alice.page.getByTestId('room-menu-button').click()
      const [download] = await Promise.all([
        alice.page.waitForEvent('download'),
        alice.page.getByTestId(`transcript-${format}`).click(),
      ])
      expect(download.suggestedFilename()).toMatch(new RegExp(`^chatty-.+\\.${format}$`))
      saved[format] = await readFile(await download.path(), 'utf8')
    }
    expect(saved.txt).toMatch(/^Chatty end-to-end encrypted room /)
    expect(saved.txt).toMatch(/\] Alice: hello from MARKER-alice\n/)
    expect(saved.txt).toMatch(/\] Bob: and \*back\* from\n {8}MARKER-bob\n/)
    expect(saved.txt).toMatch(/\] \* Bob joined the chat/)
    expect(saved.md).toMatch(/^# Chatty end-to-end encrypted room /)
    expect(saved.md).toMatch(/\*\*Bob\*\* · \d\d:\d\d\nand \*back\* from {2}\nMARKER-bob/)
    // Only the Blob the page made: no request reached any server.
    expect(requests.filter((u) => !u.startsWith('blob:'))).toEqual([])
    expect(alice.errors).toEqual([])
  })
})
