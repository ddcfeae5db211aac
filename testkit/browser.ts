/**
 * Debian's Chromium, headless, driven by playwright-core (no browser download); a fresh
 * profile per launch. The browser tests and the bench's chart launch it from here.
 */
import { chromium, type Browser } from 'playwright-core'
import { requireProgram } from './process.js'

/** `CHROMIUM_PATH`, or `CHATTY_TEST_CHROMIUM` (the topology test's older name), or Debian's. */
export const CHROMIUM_PATH =
  process.env.CHROMIUM_PATH ?? process.env.CHATTY_TEST_CHROMIUM ?? '/usr/bin/chromium'

/** Launches headless Chromium, or throws saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  requireProgram(
    CHROMIUM_PATH,
    ['--version'],
    'install it with `apt-get install -y chromium` (or set CHROMIUM_PATH)',
  )
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
