/**
 * Debian's Chromium, headless, driven by playwright-core (no browser download); a fresh
 * profile per launch. Every spec, the topology one included, and the bench's chart
 * launch it from here.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** `CHROMIUM_PATH`, or `CHATTY_TEST_CHROMIUM` (the topology test's older name), or Debian's. */
export const CHROMIUM_PATH =
  process.env.CHROMIUM_PATH ?? process.env.CHATTY_TEST_CHROMIUM ?? '/usr/bin/chromium'
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

/** Throws, saying how to install it, unless the Chromium at `CHROMIUM_PATH` runs. */
function requireChromium(): void {
  const result = spawnSync(CHROMIUM_PATH, ['--version'], { stdio: 'ignore' })
  if (result.error || result.status !== 0) {
    throw new Error(
      `${CHROMIUM_PATH} is required but does not run: ` +
        'install it with `apt-get install -y chromium` (or set CHROMIUM_PATH)',
    )
  }
}

/** Launches headless Chromium, or throws saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  requireChromium()
  // Playwright gives every launch its own fresh temporary user-data dir (and refuses a
  // --user-data-dir argument).
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The background-networking flags keep Chromium off the (closed) network at start.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
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
