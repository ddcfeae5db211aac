/**
 * Registers the app-shell service worker (built into /sw.js), so the app installs and opens
 * offline after one visit. Not in development: Vite's dev server has no sw.js, and a cached
 * shell would only get in the way of hot reloads.
 */
export function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  // After load, so the worker's precaching never competes with the page's own first requests.
  window.addEventListener('load', () => {
    // `none`: the browser checks sw.js with the server on every visit, whatever its cache says.
    navigator.serviceWorker.register('/sw.js', { updateViaCache: 'none' }).catch(() => {
      // Without the worker the app still works online; nothing to tell the person.
    })
  })
}
