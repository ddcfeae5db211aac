/**
 * The browser every spec shares (the kit's headless Chromium), with one isolated context
 * per person, and where specs save their screenshots.
 */
import path from 'node:path'
import type { BrowserContext, Page, Browser } from 'playwright-core'
import { launchChromium } from '../../testkit/browser.js'

export const ARTIFACTS = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../artifacts',
)

export interface TestBrowser {
  browser: Browser
  /** A new, isolated person: own storage, clipboard allowed, given viewport and colour scheme. */
  /** `errors`: uncaught page errors and CSP violations seen so far; a spec expects none. */
  person(
    options?: PersonOptions,
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }>
  close(): Promise<void>
}

export interface PersonOptions {
  baseURL: string
  viewport?: { width: number; height: number }
  colorScheme?: 'light' | 'dark'
  isMobile?: boolean
}

export async function launchBrowser(): Promise<TestBrowser> {
  // Each person gets an isolated context inside the one browser.
  const browser = await launchChromium()
  const contexts: BrowserContext[] = []
  return {
    browser,
    async person(options) {
      const context = await browser.newContext({
        baseURL: options?.baseURL,
        viewport: options?.viewport ?? { width: 1280, height: 800 },
        colorScheme: options?.colorScheme ?? 'light',
        isMobile: options?.isMobile ?? false,
        hasTouch: options?.isMobile ?? false,
        deviceScaleFactor: 1,
      })
      if (options?.baseURL) {
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
          origin: options.baseURL,
        })
      }
      contexts.push(context)
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`))
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) {
          errors.push(`csp: ${msg.text()}`)
        }
      })
      return { context, page, errors }
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {})
      await browser.close()
    },
  }
}

/** Light and dark at 1280 px, and a 390 px phone: the looks screenshots are taken in. */
export const LOOKS = [
  { name: 'light', colorScheme: 'light', viewport: { width: 1280, height: 800 }, isMobile: false },
  { name: 'dark', colorScheme: 'dark', viewport: { width: 1280, height: 800 }, isMobile: false },
  { name: 'phone', colorScheme: 'light', viewport: { width: 390, height: 844 }, isMobile: true },
] as const
