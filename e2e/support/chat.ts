/** Steps a person takes in the app, shared by the specs. */
import { expect } from 'vitest'
import type { Locator, Page } from 'playwright-core'

/** Opens the room and joins it through the name modal. */
export async function joinRoom(page: Page, roomId: string, name: string, avatar = 'fox') {
  await page.goto(`/room/${roomId}`)
  await enterName(page, name, avatar)
}

/**
 * Joins through the name modal already open on `page`, and waits until the message box
 * is enabled. `avatar` ('' for the initial) is picked when given; else the modal's choice.
 */
export async function enterName(page: Page, name: string, avatar?: string) {
  await page.getByTestId('name-input').fill(name)
  if (avatar !== undefined) {
    await page.getByTestId(`avatar-${avatar || 'initial'}`).check({ force: true })
  }
  await page.getByTestId('join-button').click()
  await page.getByTestId('name-modal').waitFor({ state: 'detached' })
  await expect.poll(() => page.getByTestId('chat-input').isEnabled()).toBe(true)
}

export async function send(page: Page, text: string) {
  const input = page.getByTestId('chat-input')
  await input.fill(text)
  await input.press('Enter')
}

/** The confirmed (stored) chat messages on the page, in order, as their visible text. */
export async function messageTexts(page: Page): Promise<string[]> {
  return page
    .locator('article[data-message-id] [data-testid=message-text]')
    .evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''))
}

/** The join/leave/rename notices on the page, in order, as their words (without their time). */
export function noticeTexts(page: Page): Promise<string[]> {
  return page
    .getByTestId('system-notice')
    .evaluateAll((nodes) =>
      nodes.map((n) =>
        (n.textContent ?? '').replace(n.querySelector('time')?.textContent ?? '', '').trim(),
      ),
    )
}

export async function waitForMessage(page: Page, text: string) {
  await page
    .locator('article[data-message-id]', { hasText: text })
    .first()
    .waitFor({ state: 'visible', timeout: 10_000 })
}

/**
 * Evaluates an expression in the page. A string rather than a function because the e2e
 * code is typechecked without the DOM library (it runs in Node).
 */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate<T>(expression)
}

export const isDark = (page: Page) =>
  inPage<boolean>(page, `document.documentElement.classList.contains('dark')`)

/** A computed style property of the element, read in the page. */
export function computedStyle(locator: Locator, property: string): Promise<string> {
  // The e2e code is typechecked without the DOM library: the page's global, typed by hand.
  type PageGlobal = { getComputedStyle(el: unknown): { getPropertyValue(p: string): string } }
  return locator.evaluate(
    (el, name) => (globalThis as unknown as PageGlobal).getComputedStyle(el).getPropertyValue(name),
    property,
  )
}

/** Relative luminance (0 black … 1 white) of one screen pixel, read from a screenshot. */
export async function pixelLuminance(page: Page, x: number, y: number): Promise<number> {
  const png = await page.screenshot({ clip: { x, y, width: 1, height: 1 } })
  const src = JSON.stringify(`data:image/png;base64,${png.toString('base64')}`)
  return inPage<number>(
    page,
    `(async (src) => {
      const img = new Image()
      img.src = src
      await img.decode()
      const canvas = document.createElement('canvas')
      canvas.width = canvas.height = 1
      const ctx = canvas.getContext('2d')
      ctx.drawImage(img, 0, 0)
      const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data
      const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    })(${src})`,
  )
}

/**
 * The share of an element's screen pixels that are clearly coloured (not grey, black or
 * white), read from a screenshot: colour emoji have many, a text font's outlines none.
 */
export async function colourfulShare(locator: Locator): Promise<number> {
  const png = await locator.screenshot()
  const src = JSON.stringify(`data:image/png;base64,${png.toString('base64')}`)
  return inPage<number>(
    locator.page(),
    `(async (src) => {
      const img = new Image()
      img.src = src
      await img.decode()
      const canvas = document.createElement('canvas')
      canvas.width = img.width
      canvas.height = img.height
      const ctx = canvas.getContext('2d')
      ctx.drawImage(img, 0, 0)
      const data = ctx.getImageData(0, 0, img.width, img.height).data
      let coloured = 0
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]]
        if (Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured++
      }
      return coloured / (data.length / 4)
    })(${src})`,
  )
}
