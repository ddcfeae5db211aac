/**
 * Serves the built SPA from `staticDir`, precompressed: hashed assets cached for a year,
 * `index.html` never cached and returned for any unknown GET outside `/api` and `/ws` (history
 * fallback). Without a build, those GETs get a page that says how to build it.
 */
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { errorBody } from '../error-body.js'

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Chatty</title>
<h1>Chatty's web app has not been built yet</h1>
<p>Run <code>npm run build</code>, then start the server again. The API is up: see <a href="/docs">/docs</a>.</p>`

export async function spa(app: FastifyInstance, opts: { staticDir: string }): Promise<void> {
  const root = resolve(opts.staticDir)
  const built = existsSync(join(root, 'index.html'))
  if (built) {
    await app.register(fastifyStatic, {
      root,
      index: false,
      // The build writes .br and .gz beside each text file; the best one the client accepts
      // is sent as is (plain when it accepts neither), with `Vary: Accept-Encoding`.
      preCompressed: true,
      setHeaders(reply, path) {
        reply.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        )
      },
    })
    // The static handler refuses directories; the app's root is the SPA like any other route.
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html'),
    )
  } else {
    app.log.warn({ root }, 'web app not built: run `npm run build`')
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? ''
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !path.startsWith('/api/') &&
      !path.startsWith('/ws/') &&
      !/\.[a-z0-9]+$/i.test(path)
    if (!isPage) {
      return reply.code(404).send(errorBody(404, `Route ${request.method}:${path} not found`))
    }
    if (!built) return reply.code(503).type('text/html').send(NOT_BUILT)
    return reply.header('cache-control', 'no-cache').sendFile('index.html')
  })
}
