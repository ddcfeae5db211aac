/**
 * Renders the app icons' PNG sizes from the SVGs in web/public/icons with the test kit's
 * headless Chromium. The PNGs are committed (phones and the manifest need bitmaps); run this
 * again after changing an SVG: `npx tsx scripts/make-icons.ts`.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { launchChromium } from '../testkit/browser.js'

const dir = fileURLToPath(new URL('../web/public/icons/', import.meta.url))
const OUTPUTS = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  { svg: 'maskable.svg', png: 'maskable-512.png', size: 512 },
  // iOS rounds the corners itself and shows transparency as black: the full-bleed one.
  { svg: 'maskable.svg', png: 'apple-touch-icon.png', size: 180 },
]

const browser = await launchChromium()
try {
  for (const { svg, png, size } of OUTPUTS) {
    const page = await browser.newPage({ viewport: { width: size, height: size } })
    const source = await readFile(dir + svg, 'utf8')
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${source}`,
    )
    await page.screenshot({ path: dir + png, omitBackground: true })
    await page.close()
    console.log(`${png} (${size}px) from ${svg}`)
  }
} finally {
  await browser.close()
}
