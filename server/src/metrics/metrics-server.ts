/**
 * `/metrics` on a port of its own (`CHATTY_METRICS_PORT`), never on the public listener: a
 * proxy or an ingress in front of port 8000 does not expose it, and Prometheus scrapes the
 * pods directly. Anything else on that port is a 404.
 */
import { createServer, type Server } from 'node:http'
import type { Registry } from 'prom-client'

export async function serveMetrics(
  registry: Registry,
  host: string,
  port: number,
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0]
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'Try /metrics' }))
      return
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType })
        response.end(text)
      },
      () => {
        response.writeHead(500, { 'content-type': 'application/json' })
        response.end(
          JSON.stringify({
            statusCode: 500,
            error: 'Internal Server Error',
            message: 'Metrics failed',
          }),
        )
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  return server
}
