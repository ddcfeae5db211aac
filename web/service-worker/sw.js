/**
 * Chatty's service worker: keeps the app shell (index.html, the build's hashed assets, the
 * icons and the manifest) so the app installs and opens without the network. It never stores,
 * and never answers for, anything under /api/ or /ws/: room data and messages only ever come
 * from the server, live.
 *
 * The build (web/service-worker/plugin.ts) fills in SHELL_VERSION, a hash of the build, and
 * SHELL_FILES. A new deploy is a new sw.js: the browser installs it on the next visit, it
 * caches the new shell under a new name and deletes the old one.
 */
const SHELL_VERSION = self.__SHELL_VERSION__
const SHELL_FILES = self.__SHELL_FILES__
const CACHE = `chatty-shell-${SHELL_VERSION}`
const SHELL = new Set(SHELL_FILES)

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // `reload`: fresh from the server, not from the HTTP cache of an older page.
      .then((cache) =>
        cache.addAll(SHELL_FILES.map((url) => new Request(url, { cache: 'reload' }))),
      )
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('chatty-shell-') && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  // Live data is the network's alone: not cached, not answered from a cache.
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/ws/')) return
  if (request.mode === 'navigate') {
    // The network first, so an online visit always gets the current build; offline, the shell.
    event.respondWith(
      fetch(request).catch(() =>
        caches.open(CACHE).then((cache) => cache.match('/').then((hit) => hit ?? Response.error())),
      ),
    )
    return
  }
  if (!SHELL.has(url.pathname)) return
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(url.pathname))
      .then((hit) => hit ?? fetch(request)),
  )
})

// A notification shown through the worker (Android) brings its room's tab back.
self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then((windows) => windows[0]?.focus()))
})
