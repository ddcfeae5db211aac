/** Debian's Chromium, headless, driven by playwright-core (no browser download). */
import { chromium, type Browser } from 'playwright-core'
import { requireProgram } from './processes.js'

export const CHROMIUM = process.env.CHATTY_TEST_CHROMIUM ?? '/usr/bin/chromium'

export async function launchChromium(): Promise<Browser> {
  requireProgram(CHROMIUM, ['--version'], 'install it with `apt-get install -y chromium`')
  return chromium.launch({
    executablePath: CHROMIUM,
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
