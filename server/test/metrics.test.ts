/**
 * `/metrics` (CHATTY_METRICS_PORT): Prometheus text on a port of its own, never on the public
 * one, counting connections, frames, deliveries, errors and rooms without naming any of them.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../testkit/net.js'
import { startServer, type TestServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'

let server: TestServer
let metricsUrl: string

beforeAll(async () => {
  const port = await freePort()
  server = await startServer({ CHATTY_METRICS_PORT: String(port) })
  metricsUrl = `http://127.0.0.1:${port}/metrics`
})
afterAll(async () => server?.close())

async function scrape(): Promise<string> {
  const res = await fetch(metricsUrl)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/plain')
  return res.text()
}

/** The value of one sample line, e.g. `chatty_frames_in_total{type="message"}`. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? NaN : Number(line.slice(series.length + 1))
}

describe('/metrics', () => {
  it('counts what happens in the rooms, and names no room, member or address', async () => {
    const roomId = await server.createRoom()
    const { client: alice } = await TestClient.join(server.wsUrl(roomId), 'AliceUnique')
    const { client: bob } = await TestClient.join(server.wsUrl(roomId), 'BobUnique')
    alice.say('hello from a unique text')
    await bob.nextMessage('hello from a unique text')
    alice.say('   ')
    await alice.next((f) => f.type === 'error' && f.code === 'empty_message')

    const text = await scrape()
    expect(sample(text, 'chatty_connections')).toBe(2)
    expect(sample(text, 'chatty_rooms')).toBe(1)
    expect(sample(text, 'chatty_members')).toBe(2)
    expect(sample(text, 'chatty_frames_in_total{type="join"}')).toBe(2)
    expect(sample(text, 'chatty_frames_in_total{type="message"}')).toBe(2)
    expect(sample(text, 'chatty_error_frames_total{code="empty_message"}')).toBe(1)
    // Join notices, member lists and the message, once per recipient.
    expect(sample(text, 'chatty_deliveries_total')).toBeGreaterThanOrEqual(6)
    expect(sample(text, 'chatty_store_append_seconds_count')).toBe(1)
    expect(sample(text, 'chatty_store_available')).toBe(1)
    expect(sample(text, 'chatty_store_full')).toBe(0)
    expect(sample(text, 'chatty_memory_budget_bytes')).toBeGreaterThan(0)
    expect(text).toContain('nodejs_eventloop_lag_seconds')
    for (const secret of [roomId, 'AliceUnique', 'BobUnique', 'unique text', '127.0.0.1']) {
      expect(text).not.toContain(secret)
    }

    bob.close()
    await bob.closed
    await alice.next((f) => f.type === 'system' && f.event === 'leave')
    const after = await scrape()
    expect(sample(after, 'chatty_connections')).toBe(1)
    const closed = after.split('\n').filter((l) => l.startsWith('chatty_connections_closed_total{'))
    expect(closed).toHaveLength(1)
    expect(closed[0]).toMatch(/^chatty_connections_closed_total\{code="\d{4}"\} 1$/)
    alice.close()
  })

  it('is not served on the public port, and nothing else is served on its own', async () => {
    // The public port answers as for any unknown page (here: no web app built), never metrics.
    const onPublic = await fetch(`${server.baseUrl}/metrics`)
    expect(onPublic.status).not.toBe(200)
    expect(await onPublic.text()).not.toContain('chatty_')
    const other = await fetch(metricsUrl.replace('/metrics', '/'))
    expect(other.status).toBe(404)
  })

  it('feeds every series the Grafana dashboard (deploy/grafana-dashboard.json) asks for', async () => {
    const dashboard = readFileSync(
      new URL('../../deploy/grafana-dashboard.json', import.meta.url),
      'utf8',
    )
    const names = new Set(dashboard.match(/\b(chatty|nodejs|process)_[a-z0-9_]+/g))
    expect(names.size).toBeGreaterThan(5)
    const text = await scrape()
    // Declared (a labelled series has no sample before its first count, and tests run in any
    // order): its TYPE line, under the histogram's own name for `_bucket`, `_sum`, `_count`.
    for (const name of names) {
      const family = name.replace(/_(bucket|sum|count)$/, '')
      expect(text, name).toMatch(new RegExp(`^# TYPE ${family} `, 'm'))
    }
  })
})
