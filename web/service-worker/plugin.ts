/**
 * Emits `sw.js` into the build: web/service-worker/sw.js with the shell's file list (every
 * hashed asset, the page, the icons and the manifest) and a version hashed from the build, so
 * each deploy is a new worker with a new cache. Written here rather than taken from a PWA
 * plugin: the worker is fifty lines, and it must never cache /api or /ws, which is easier to
 * see in our own code than in a generated Workbox config.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Plugin } from 'vite'

/** Files of web/public that belong to the shell (the rest, like robots.txt, do not). */
const PUBLIC_SHELL = [
  '/',
  '/manifest.webmanifest',
  '/favicon.svg',
  '/icons/icon.svg',
  '/icons/icon-192.png',
]

export function serviceWorker(): Plugin {
  const template = new URL('./sw.js', import.meta.url)
  return {
    name: 'chatty-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = bundle['index.html']
      if (!html || html.type !== 'asset') this.error('no index.html in the bundle')
      const assets = Object.keys(bundle)
        .filter((name) => name.startsWith('assets/') && !/\.(br|gz|map)$/.test(name))
        .sort()
      const files = [...PUBLIC_SHELL, ...assets.map((name) => `/${name}`)]
      const version = createHash('sha256')
        .update(files.join('\n'))
        .update(String(html.source))
        .digest('hex')
        .slice(0, 16)
      const source = readFileSync(template, 'utf8')
        .replace('self.__SHELL_VERSION__', JSON.stringify(version))
        .replace('self.__SHELL_FILES__', JSON.stringify(files))
      this.emitFile({ type: 'asset', fileName: 'sw.js', source })
    },
  }
}
