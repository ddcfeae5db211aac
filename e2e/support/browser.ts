/** Debian's Chromium, headless, driven by playwright-core; a fresh profile per launch. */
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
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
  // Playwright gives every launch its own fresh temporary user-data dir (and refuses a
  // --user-data-dir argument); each person then gets an isolated context inside it.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
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
