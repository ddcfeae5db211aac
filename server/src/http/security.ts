/**
 * Security headers on everything the server answers, and the one Content-Security-Policy
 * that nginx serves too (`deploy/nginx/security-headers.conf` must carry the same string;
 * a test compares them).
 *
 * The policy allows no inline script: the Vite build loads only external module scripts,
 * avatars are `data:` images, and the Swagger UI page at `/docs` loads its scripts from
 * files (its inline `style` attributes are why `style-src` keeps 'unsafe-inline').
 */
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

/** CSP directives, in the order they are sent. */
const CSP_DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'self'"]],
  // 'wasm-unsafe-eval': WebAssembly only (no eval of script), for the Argon2id that derives a
  // password room's key in the browser (hash-wasm); 'unsafe-eval' stays out.
  ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
  ['script-src-attr', ["'none'"]],
  // ws:/wss: because CSP 'self' did not cover WebSocket schemes in older browsers.
  ['connect-src', ["'self'", 'ws:', 'wss:']],
  // blob: for pictures sent in a room, decrypted in the browser and shown from memory.
  ['img-src', ["'self'", 'data:', 'blob:']],
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['font-src', ["'self'", 'data:']],
  // The app-shell service worker (/sw.js) and the web app manifest: this origin only.
  ['worker-src', ["'self'"]],
  ['manifest-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'self'"]],
  ['form-action', ["'self'"]],
  ['frame-ancestors', ["'none'"]],
]

/** The Content-Security-Policy header value. */
export function contentSecurityPolicy(): string {
  return CSP_DIRECTIVES.map(([name, values]) => `${name} ${values.join(' ')}`).join(';')
}

/** Headers every response carries, besides the CSP (nginx sets the same on the SPA). */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  // Room links are the only secret a room has: never send them to another site.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const

/**
 * Everything the server adds to every response: the headers above, the CSP and Helmet's
 * other defaults. HSTS is left out on purpose: it belongs to whoever terminates TLS (see
 * the deploy docs), not to a plain-HTTP origin.
 */
export const RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy(),
  ...SECURITY_HEADERS,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
}

// The headers are the same for every response, so they are computed once here rather than
// per request (as `@fastify/helmet` does, which cost a sixth of a room creation's CPU).
async function security(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(RESPONSE_HEADERS)
    // A room's info (or its absence) must not stay in a browser's or a proxy's cache.
    // Set before any handler or limiter runs, so errors and 429s carry it too.
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store')
    done()
  })
}

/** Adds the security headers to every response of the whole app (not encapsulated). */
export const securityHeaders = fp(security, { name: 'chatty-security', fastify: '5.x' })
