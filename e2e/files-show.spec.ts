/**
 * Files as the other members see them, in a real Chromium against the built server: a member
 * sends over the wire protocol itself (e2e/support/file-sender.ts), and the browsers show a
 * picture inline at its size and whole in a lightbox, and a card that downloads a file byte for
 * byte under its name; a late joiner gets them from history; an ended room's files are gone.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { describeViolations, seriousViolations } from './support/axe.js'
import { ARTIFACTS, LOOKS } from './support/browser.js'
import { enterName, inPage } from './support/chat.js'
import { rawMember } from './support/file-sender.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser()

/** Creates a room on the home page (encrypted unless `plain`), joined as Hana; its link. */
async function hostRoom(page: Page, plain = false): Promise<string> {
  await page.goto('/')
  if (plain) await page.getByTestId('kind-plain').click()
  await page.getByTestId('create-room').click()
  await page.waitForURL(/\/room\/[\w-]{22}/)
  await enterName(page, 'Hana', 'owl')
  return page.url()
}

async function joinLink(page: Page, link: string, name: string) {
  await page.goto(link)
  await enterName(page, name)
}

/** An 800 × 600 PNG drawn in `page`, and a 16 × 12 JPEG preview of it (a data URL). */
async function drawPicture(page: Page): Promise<{ png: Buffer; preview: string }> {
  const [png, preview] = await inPage<[string, string]>(
    page,
    `(() => {
      const draw = (w, h) => {
        const c = document.createElement('canvas')
        c.width = w
        c.height = h
        const g = c.getContext('2d')
        const sky = g.createLinearGradient(0, 0, 0, h)
        sky.addColorStop(0, '#38bdf8')
        sky.addColorStop(1, '#fde68a')
        g.fillStyle = sky
        g.fillRect(0, 0, w, h)
        g.fillStyle = '#f97316'
        g.beginPath()
        g.arc(w * 0.7, h * 0.35, h * 0.15, 0, 7)
        g.fill()
        g.fillStyle = '#0e7490'
        g.fillRect(0, h * 0.72, w, h * 0.28)
        return c
      }
      return [
        draw(800, 600).toDataURL('image/png'),
        draw(16, 12).toDataURL('image/jpeg', 0.6),
      ]
    })()`,
  )
  return { png: Buffer.from(png.split(',')[1]!, 'base64'), preview }
}

const card = (page: Page, name: string) => page.getByTestId('file-card').filter({ hasText: name })

/**
 * Holds the download of the blob named by `window.__holdBlob` once 40 % of it has come, until
 * `window.__release()`: a card caught mid-download, for the screenshots. (Wraps the page's
 * fetch, before the page loads.)
 */
async function holdDownloads(page: Page) {
  await page.addInitScript(`(() => {
    const realFetch = window.fetch.bind(window)
    window.fetch = async (input, init) => {
      const response = await realFetch(input, init)
      const hold = window.__holdBlob
      if (!hold || !String(input).endsWith('/files/' + hold) || !response.body) return response
      const total = Number(response.headers.get('content-length'))
      const reader = response.body.getReader()
      const released = new Promise((resolve) => (window.__release = resolve))
      let sent = 0
      let rest = new Uint8Array(0)
      const body = new ReadableStream({
        async pull(controller) {
          if (sent >= total * 0.4) await released
          if (rest.length === 0) {
            const { done, value } = await reader.read()
            if (done) return controller.close()
            rest = value
          }
          // In 16 KB pieces: a local server sends the whole file in one read.
          const piece = rest.subarray(0, 16384)
          rest = rest.subarray(piece.length)
          sent += piece.length
          controller.enqueue(piece)
        },
      })
      return new Response(body, { status: response.status, headers: response.headers })
    }
  })()`)
}

describe('files in a room', () => {
  it('encrypted: a 300 KB file downloads byte for byte, a picture shows at its size, both from history, gone with the room', async () => {
    const hana = await chatty.person()
    const link = await hostRoom(hana.page)
    const [, roomId, roomKey] = /\/room\/([^#]+)#(.+)$/.exec(link)!
    const bob = await chatty.person()
    await joinLink(bob.page, link, 'Bob')

    const ana = await rawMember(chatty.server, roomId!, 'Ana', roomKey)
    const content = randomBytes(300_000)
    const fileBlob = await ana.sendFile({
      name: 'Q3 report.pdf',
      type: 'application/pdf',
      bytes: content,
      caption: 'the numbers',
    })
    const { png, preview } = await drawPicture(hana.page)
    const photoBlob = await ana.sendFile({
      name: 'beach.png',
      type: 'image/png',
      bytes: png,
      width: 800,
      height: 600,
      preview,
    })

    // The card: name, size, kind; Download saves the very bytes under the file's name.
    const bobCard = card(bob.page, 'Q3 report.pdf')
    await bobCard.waitFor()
    expect(await bobCard.getByTestId('file-meta').textContent()).toBe('300 KB · PDF')
    const [download] = await Promise.all([
      bob.page.waitForEvent('download'),
      bobCard.getByTestId('file-download').click(),
    ])
    expect(download.suggestedFilename()).toBe('Q3 report.pdf')
    expect((await readFile((await download.path())!)).equals(content)).toBe(true)

    // The picture: its box is 800 × 600 scaled to 320 px high, from before it loads.
    const picture = bob.page.getByTestId('image-attachment')
    await expect.poll(() => picture.getAttribute('data-status')).toBe('shown')
    const box = (await picture.boundingBox())!
    expect(Math.round(box.width)).toBe(427)
    expect(Math.round(box.height)).toBe(320)
    expect(await picture.getByTestId('image-inline').getAttribute('src')).toMatch(/^blob:/)
    await picture.getByTestId('image-open').click()
    const lightbox = bob.page.getByTestId('lightbox')
    await lightbox.waitFor()
    expect(
      await inPage<number>(
        bob.page,
        `document.querySelector('[data-testid=lightbox-image]').naturalWidth`,
      ),
    ).toBe(800)
    await bob.page.keyboard.press('Escape')
    await lightbox.waitFor({ state: 'detached' })

    // Someone who comes later gets both from history, opened the same way.
    const late = await chatty.person()
    await joinLink(late.page, link, 'Late')
    await card(late.page, 'Q3 report.pdf').waitFor()
    await expect
      .poll(() => late.page.getByTestId('image-attachment').getAttribute('data-status'))
      .toBe('shown')
    const shown = await inPage<string>(
      late.page,
      `[...document.querySelectorAll('article[data-message-id]')].map((a) => a.textContent).join('|')`,
    )
    expect(shown).toContain('the numbers')

    // The host ends the room: every file URL answers 404.
    const url = (blob: string) => `${chatty.server.baseUrl}/api/rooms/${roomId}/files/${blob}`
    expect((await fetch(url(fileBlob))).status).toBe(200)
    await hana.page.getByTestId('destroy-room').click()
    await hana.page.getByTestId('confirm-ok').click()
    await expect.poll(async () => (await fetch(url(fileBlob))).status).toBe(404)
    expect((await fetch(url(photoBlob))).status).toBe(404)
    ana.close()
    for (const person of [hana, bob, late]) expect(person.errors).toEqual([])
  })

  it('plain, light, dark and on a phone: a picture with its caption, a card mid-download, the lightbox', async () => {
    const hana = await chatty.person()
    const link = await hostRoom(hana.page, true)
    const roomId = new URL(link).pathname.split('/').pop()!
    const ana = await rawMember(chatty.server, roomId, 'Ana')
    const { png, preview } = await drawPicture(hana.page)
    const photoBlob = await ana.sendFile({
      name: 'beach.png',
      type: 'image/png',
      bytes: png,
      width: 800,
      height: 600,
      preview,
      caption: 'Made it to the beach 🌊',
    })
    const fileBlob = await ana.sendFile({
      name: 'Quarterly figures 2030 – final draft.xlsx',
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      bytes: randomBytes(300_000),
    })

    // A picture on its way: its box already there, with the blurred preview in it.
    const early = await chatty.person()
    await holdDownloads(early.page)
    await early.page.addInitScript(`window.__holdBlob = ${JSON.stringify(photoBlob)}`)
    await joinLink(early.page, link, 'Early')
    const coming = early.page.getByTestId('image-attachment')
    await expect.poll(() => coming.getAttribute('data-status')).toBe('loading')
    await expect.poll(() => inPage(early.page, `typeof window.__release`)).toBe('function')
    expect(Math.round((await coming.boundingBox())!.height)).toBe(320)
    await early.page.screenshot({ path: path.join(ARTIFACTS, 'files-show-loading.png') })
    await inPage(early.page, 'window.__release()')
    await expect.poll(() => coming.getAttribute('data-status')).toBe('shown')
    await early.context.close()

    for (const look of LOOKS) {
      const viewer = await chatty.person(look)
      await holdDownloads(viewer.page)
      await joinLink(viewer.page, link, `Viewer ${look.name}`)
      const picture = viewer.page.getByTestId('image-attachment')
      await expect.poll(() => picture.getAttribute('data-status')).toBe('shown')
      // A plain room's caption, without the line the server put first for older clients.
      const texts = await viewer.page
        .locator('article[data-message-id] [data-testid=message-text]')
        .allTextContents()
      expect(texts).toContain('Made it to the beach 🌊')
      expect(texts.join()).not.toContain('📎')
      const box = (await picture.boundingBox())!
      expect(box.width / box.height).toBeCloseTo(4 / 3, 1)
      expect(box.height).toBeLessThanOrEqual(320.5)

      await inPage(viewer.page, `window.__holdBlob = ${JSON.stringify(fileBlob)}`)
      const sheet = card(viewer.page, 'Quarterly figures')
      await sheet.getByTestId('file-download').click()
      await expect
        .poll(async () =>
          Number(await sheet.getByTestId('file-progress').getAttribute('aria-valuenow')),
        )
        .toBeGreaterThanOrEqual(40)
      await viewer.page.screenshot({ path: path.join(ARTIFACTS, `files-show-${look.name}.png`) })
      const list = '[data-testid=message-list]'
      expect(describeViolations(await seriousViolations(viewer.page, { selector: list }))).toBe('')
      const [download] = await Promise.all([
        viewer.page.waitForEvent('download'),
        inPage(viewer.page, 'window.__release()'),
      ])
      expect(download.suggestedFilename()).toBe('Quarterly figures 2030 – final draft.xlsx')

      await picture.getByTestId('image-open').click()
      const lightbox = viewer.page.getByTestId('lightbox')
      await lightbox.waitFor()
      await viewer.page.screenshot({
        path: path.join(ARTIFACTS, `files-show-${look.name}-lightbox.png`),
      })
      const shown = await seriousViolations(viewer.page, { selector: '[data-testid=lightbox]' })
      expect(describeViolations(shown)).toBe('')
      if (look.isMobile) {
        // A swipe down closes it.
        const stage = viewer.page.getByTestId('lightbox-stage')
        const touch = { pointerType: 'touch', pointerId: 7, isPrimary: true }
        await stage.dispatchEvent('pointerdown', { ...touch, clientY: 300 })
        await stage.dispatchEvent('pointermove', { ...touch, clientY: 360 })
        await stage.dispatchEvent('pointermove', { ...touch, clientY: 460 })
        await stage.dispatchEvent('pointerup', { ...touch, clientY: 460 })
      } else {
        await lightbox.getByTestId('lightbox-close').click()
      }
      await lightbox.waitFor({ state: 'detached' })
      expect(viewer.errors).toEqual([])
      await viewer.context.close()
    }
    ana.close()
  })
})
