/**
 * Sending files from the web app, in real Chromium against the built server: a photo with a
 * GPS position arrives without it (redrawn, orientation applied), a pasted screenshot arrives
 * at its real size, the server sees only ciphertext, and the tray and the upload's progress
 * look right in light, dark and on a phone.
 */
import path from 'node:path'
import type { Page, Request, Route } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ENCRYPTED_CHUNK_BYTES, isFilePreview } from '../protocol/files.js'
import { describeViolations, seriousViolations } from './support/axe.js'
import { ARTIFACTS, LOOKS } from './support/browser.js'
import { enterName, inPage } from './support/chat.js'
import {
  GPS_MARKER,
  animatedGif,
  downloadSealed,
  hasExifSegment,
  jpegWithGps,
  openSealed,
  pngSize,
  receivedMessages,
} from './support/files.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser()

type Person = Awaited<ReturnType<typeof chatty.person>>

/** Alice makes an encrypted room on the home page and joins; Bob follows her link. */
async function encryptedRoom() {
  const alice = await chatty.person()
  const roomId = await createEncryptedRoom(alice, 'Alice')
  const link = alice.page.url()
  const key = link.split('#')[1]!
  const bob = await chatty.person()
  const bobGets = receivedMessages(bob.page)
  await bob.page.goto(link)
  await enterName(bob.page, 'Bob', 'owl')
  return { alice, bob, bobGets, roomId, key }
}

async function createEncryptedRoom(person: Person, name: string): Promise<string> {
  await person.page.goto('/')
  await person.page.getByTestId('create-room').click()
  await person.page.waitForURL(/\/room\/[A-Za-z0-9_-]+#[A-Za-z0-9_-]{43}$/)
  await enterName(person.page, name, 'fox')
  return /\/room\/([^#]+)#/.exec(person.page.url())![1]!
}

/** A picture drawn in the page, as the bytes of `type` (base64 across the page boundary). */
async function drawnPicture(page: Page, width: number, height: number, type: string) {
  const base64 = await inPage<string>(
    page,
    `(async () => {
      const c = document.createElement('canvas')
      c.width = ${width}
      c.height = ${height}
      const g = c.getContext('2d')
      const sky = g.createLinearGradient(0, 0, 0, c.height)
      sky.addColorStop(0, '#38bdf8')
      sky.addColorStop(1, '#fde68a')
      g.fillStyle = sky
      g.fillRect(0, 0, c.width, c.height)
      g.fillStyle = '#15803d'
      g.fillRect(0, c.height * 0.7, c.width, c.height * 0.3)
      g.fillStyle = '#e11d48'
      g.fillRect(0, 0, c.width / 4, c.height / 4)
      const blob = await new Promise((r) => c.toBlob(r, '${type}', 0.92))
      const bytes = new Uint8Array(await blob.arrayBuffer())
      let s = ''
      for (const b of bytes) s += String.fromCharCode(b)
      return btoa(s)
    })()`,
  )
  return new Uint8Array(Buffer.from(base64, 'base64'))
}

/** The one message with a file Bob's socket received, once it has come. */
async function fileFrame(frames: ReturnType<typeof receivedMessages>) {
  await expect.poll(() => frames.filter((f) => f.file).length, { timeout: 15_000 }).toBe(1)
  return frames.find((f) => f.file)!
}

describe('sending files', () => {
  it('a photo with a GPS position arrives redrawn, without its EXIF, turned upright', async () => {
    const { alice, bobGets, roomId, key } = await encryptedRoom()
    // A 40 × 20 JPEG whose EXIF says "turn 90° to show" (so it is 20 × 40) and where it was taken.
    const photo = jpegWithGps(await drawnPicture(alice.page, 40, 20, 'image/jpeg'))
    expect(hasExifSegment(photo)).toBe(true)
    await alice.page.getByTestId('file-input').setInputFiles({
      name: 'IMG_0001.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from(photo),
    })
    await alice.page.getByTestId('file-thumb').waitFor()
    expect(await alice.page.getByTestId('attachment-tray').textContent()).toContain(
      'location, camera and time are removed',
    )
    await alice.page.getByTestId('chat-input').fill('where was this?')
    await alice.page.getByTestId('chat-input').press('Enter')

    const frame = await fileFrame(bobGets)
    // The server saw the blob id and an envelope: no name, no size, no picture.
    expect(frame.file).toEqual({ blob: expect.any(String) })
    expect(JSON.stringify(frame)).not.toContain('IMG_0001')
    const sealed = await openSealed(key, { room: roomId, sender: 'Alice' }, frame.content)
    expect(sealed).toMatchObject({
      v: 1,
      text: 'where was this?',
      file: {
        blob: frame.file!.blob,
        name: 'IMG_0001.jpg',
        type: 'image/jpeg',
        width: 20,
        height: 40,
      },
    })
    expect(isFilePreview(sealed.file.preview ?? '')).toBe(true)

    const { stored, content } = await downloadSealed(chatty.server.baseUrl, roomId, sealed.file)
    expect(stored.length % ENCRYPTED_CHUNK_BYTES).toBe(0)
    expect(content.length).toBe(sealed.file.size)
    expect([content[0], content[1]]).toEqual([0xff, 0xd8])
    expect(hasExifSegment(content)).toBe(false)
    const text = Buffer.from(content).toString('latin1')
    expect(text).not.toContain('Exif')
    expect(text).not.toContain(GPS_MARKER)
    // Once the server has it, Alice's "sending" copy gives way to the message.
    await alice.page.getByTestId('pending-file').waitFor({ state: 'detached' })
  })

  it('scales a large photo to 2560 px, unless its original resolution is asked for', async () => {
    const { alice, bobGets, roomId, key } = await encryptedRoom()
    const photo = Buffer.from(await drawnPicture(alice.page, 3200, 1600, 'image/jpeg'))
    const sizes: { width?: number; height?: number }[] = []
    for (const original of [false, true]) {
      await alice.page
        .getByTestId('file-input')
        .setInputFiles({ name: 'wide.jpg', mimeType: 'image/jpeg', buffer: photo })
      await alice.page.getByTestId('file-thumb').waitFor()
      if (original) await alice.page.getByTestId('send-original').check()
      await alice.page.getByTestId('send-button').click()
      await expect.poll(() => bobGets.filter((f) => f.file).length).toBe(sizes.length + 1)
      const frame = bobGets.filter((f) => f.file).at(-1)!
      const sealed = await openSealed(key, { room: roomId, sender: 'Alice' }, frame.content)
      sizes.push({ width: sealed.file.width, height: sealed.file.height })
    }
    expect(sizes).toEqual([
      { width: 2560, height: 1280 },
      { width: 3200, height: 1600 },
    ])
  })

  it('an animated GIF keeps its frames and loses its comment', async () => {
    const { alice, bobGets, roomId, key } = await encryptedRoom()
    const gif = animatedGif(GPS_MARKER)
    await alice.page
      .getByTestId('file-input')
      .setInputFiles({ name: 'party.gif', mimeType: 'image/gif', buffer: Buffer.from(gif) })
    expect(await alice.page.getByTestId('tray-note').textContent()).toContain('Animated')
    await alice.page.getByTestId('send-button').click()
    const frame = await fileFrame(bobGets)
    const sealed = await openSealed(key, { room: roomId, sender: 'Alice' }, frame.content)
    expect(sealed.file).toMatchObject({ name: 'party.gif', type: 'image/gif', width: 1, height: 1 })
    const { content } = await downloadSealed(chatty.server.baseUrl, roomId, sealed.file)
    const text = Buffer.from(content).toString('latin1')
    expect(text).not.toContain(GPS_MARKER)
    expect(text).toContain('NETSCAPE2.0')
    // Both frames (image descriptors after a graphic control block) are still there.
    expect(content.length).toBe(gif.length - (GPS_MARKER.length + 4))
  })

  it('a pasted screenshot appears inline for the other member at its real size', async () => {
    const { alice, bob, bobGets, roomId, key } = await encryptedRoom()
    await inPage(
      alice.page,
      `(async () => {
        const c = document.createElement('canvas')
        c.width = 300
        c.height = 200
        const g = c.getContext('2d')
        g.fillStyle = '#f8fafc'
        g.fillRect(0, 0, 300, 200)
        g.fillStyle = '#be123c'
        g.font = '20px sans-serif'
        g.fillText('Error 500', 20, 40)
        const blob = await new Promise((r) => c.toBlob(r, 'image/png'))
        const data = new DataTransfer()
        data.items.add(new File([blob], 'image.png', { type: 'image/png' }))
        const box = document.querySelector('[data-testid=chat-input]')
        box.focus()
        box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
      })()`,
    )
    await alice.page.getByTestId('file-thumb').waitFor()
    await alice.page.getByTestId('chat-input').press('Enter')

    const frame = await fileFrame(bobGets)
    const sealed = await openSealed(key, { room: roomId, sender: 'Alice' }, frame.content)
    expect(sealed.file).toMatchObject({
      name: 'image.png',
      type: 'image/png',
      width: 300,
      height: 200,
    })
    const { content } = await downloadSealed(chatty.server.baseUrl, roomId, sealed.file)
    expect(pngSize(content)).toEqual({ width: 300, height: 200 })

    // Bob's page shows it inline (decrypted in his browser), at its own size.
    const picture = bob.page.getByTestId('image-inline')
    await picture.waitFor({ timeout: 15_000 })
    type Img = { naturalWidth: number; naturalHeight: number; complete: boolean }
    await expect
      .poll(() =>
        picture.evaluate(
          (el) => (el as unknown as Img).complete && (el as unknown as Img).naturalWidth,
        ),
      )
      .toBe(300)
    expect(await picture.evaluate((el) => (el as unknown as Img).naturalHeight)).toBe(200)
    const box = (await picture.boundingBox())!
    expect(box.width / box.height).toBeCloseTo(1.5, 1)
  })

  it('in a plain room, a file goes with its description in the clear, and its caption', async () => {
    const { alice, bob } = await chatty.aliceAndBob()
    const bobGets = receivedMessages(bob.page)
    await bob.page.reload()
    await bob.page.getByTestId('chat-input').waitFor()
    await expect.poll(() => bob.page.getByTestId('chat-input').isEnabled()).toBe(true)
    await alice.page.getByTestId('file-input').setInputFiles({
      name: 'minutes.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 0x20)]),
    })
    await alice.page.getByTestId('tray-file').waitFor()
    await alice.page.getByTestId('chat-input').fill('for Monday')
    await alice.page.getByTestId('send-button').click()
    const frame = await fileFrame(bobGets)
    expect(frame.file).toMatchObject({ name: 'minutes.pdf', type: 'application/pdf', size: 5009 })
    // A client that knows nothing of files reads a line about it, then the caption.
    expect(frame.content).toBe('📎 minutes.pdf (5 KB)\nfor Monday')
    await bob.page.getByTestId('file-card').waitFor()
    expect(await bob.page.getByTestId('file-name').textContent()).toContain('minutes.pdf')
  })

  it('the tray and the upload look right in light, dark and on a phone; Cancel drops the upload', async () => {
    for (const look of LOOKS) {
      const person = await chatty.person({
        colorScheme: look.colorScheme,
        viewport: look.viewport,
        isMobile: look.isMobile,
      })
      const { page } = person
      await createEncryptedRoom(person, 'Alice')
      const photo = await drawnPicture(page, 1600, 1200, 'image/jpeg')
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300_000, 0x20)])
      await page.getByTestId('file-input').setInputFiles([
        { name: 'beach.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(photo) },
        { name: 'quarterly-report.pdf', mimeType: 'application/pdf', buffer: pdf },
      ])
      await page.getByTestId('file-thumb').waitFor()
      await expect.poll(() => page.getByTestId('tray-file').count()).toBe(2)
      const tray = (await page.getByTestId('attachment-tray').textContent()) ?? ''
      expect(tray).toContain('Send original resolution')
      expect(tray).toContain(
        'Files other than photos are sent as they are (their own metadata is not removed).',
      )
      await page.getByTestId('chat-input').fill('Photos from Friday, and the report')
      await page.screenshot({ path: path.join(ARTIFACTS, `files-send-tray-${look.name}.png`) })
      const trayIssues = await seriousViolations(page, {
        selector: '[data-testid=attachment-tray]',
      })
      expect(trayIssues, describeViolations(trayIssues)).toEqual([])

      // Chunks after the first three (the photo's one, two of the PDF's six) wait, so the progress can be seen (and cancelled).
      const held: Route[] = []
      let puts = 0
      await page.route('**/files/*/chunks/*', async (route) => {
        if (route.request().method() === 'PUT' && ++puts > 3) held.push(route)
        else await route.continue()
      })
      const deletes: Request[] = []
      page.on('request', (r) => r.method() === 'DELETE' && deletes.push(r))
      await page.getByTestId('chat-input').press('Enter')
      await expect.poll(() => held.length, { timeout: 15_000 }).toBeGreaterThan(0)
      const uploading = page.getByTestId('pending-file').filter({ hasText: 'Uploading' })
      await uploading.waitFor()
      await page.screenshot({ path: path.join(ARTIFACTS, `files-send-progress-${look.name}.png`) })
      const progressIssues = await seriousViolations(page, {
        selector: '[data-testid=pending-file]',
      })
      expect(progressIssues, describeViolations(progressIssues)).toEqual([])

      await uploading.getByTestId('cancel-upload').click()
      await expect.poll(() => page.getByTestId('pending-file').count()).toBe(0)
      await expect.poll(() => deletes.length).toBe(1)
      for (const route of held.splice(0)) await route.abort().catch(() => {})
      await page.unroute('**/files/*/chunks/*')
      expect(person.errors).toEqual([])
      await person.context.close()
    }
  })

  it('works from the keyboard, and takes files dropped on the room', async () => {
    const person = await chatty.person()
    const { page } = person
    await createEncryptedRoom(person, 'Alice')
    // The paperclip opens the system's picker from the keyboard.
    // The cursor waits in the message box; the paperclip is three steps back (past the
    // message timer and the emoji button).
    const focused = () => inPage<string | undefined>(page, 'document.activeElement?.dataset.testid')
    await expect.poll(focused).toBe('chat-input')
    await page.keyboard.press('Shift+Tab')
    expect(await focused()).toBe('vanish-button')
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Shift+Tab')
    expect(await focused()).toBe('attach-button')
    // Listening for the picker turns on its interception in the browser; a round trip to the
    // page makes sure that is in place before Enter opens it.
    const choosing = page.waitForEvent('filechooser')
    expect(await focused()).toBe('attach-button')
    await page.keyboard.press('Enter')
    const chooser = await choosing
    expect(chooser.isMultiple()).toBe(true)
    await chooser.setFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') })
    await expect.poll(() => page.getByTestId('tray-file').count()).toBe(1)
    await page.getByRole('button', { name: 'Remove notes.txt' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('attachment-tray').count()).toBe(0)

    // Files dragged over the room: an overlay says where they go; dropped, they are in the tray.
    const drag = (type: string) =>
      inPage(
        page,
        `(() => {
          const data = new DataTransfer()
          data.items.add(new File(['%PDF-1.4'], 'contract.pdf', { type: 'application/pdf' }))
          document.querySelector('main').dispatchEvent(
            new DragEvent('${type}', { dataTransfer: data, bubbles: true, cancelable: true }),
          )
        })()`,
      )
    await drag('dragenter')
    await page.getByTestId('drop-overlay').waitFor()
    await page.screenshot({ path: path.join(ARTIFACTS, 'files-send-drop-light.png') })
    await drag('drop')
    await page.getByTestId('drop-overlay').waitFor({ state: 'detached' })
    await expect.poll(() => page.getByTestId('tray-file').textContent()).toContain('contract.pdf')
    expect(person.errors).toEqual([])
  })
})
