/**
 * Link-preview bots learn nothing: `/room/<id>` is the same static shell, status and
 * headers whether the room is live, expired or never existed (no oracle), no GET or
 * HEAD (what a bot sends) joins, wakes or changes a room, and every API answer,
 * errors and 429s included, is `Cache-Control: no-store`.
 */
import { Redis } from 'ioredis'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { RedisKeys } from '../src/store/redis/keys.js'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function builtSpa(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chatty-spa-'))
  mkdirSync(join(dir, 'assets'))
  const shell = '<!doctype html><title>Chatty</title><div id="app"></div>'
  writeFileSync(join(dir, 'index.html'), shell)
  // As the build does: the precompressed copy is what a client accepting gzip gets.
  writeFileSync(join(dir, 'index.html.gz'), gzipSync(shell))
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)')
  return dir
}

interface Seen {
  status: number
  headers: Record<string, string>
  body: string
}

async function see(url: string, method = 'GET'): Promise<Seen> {
  const res = await fetch(url, { method, headers: { 'user-agent': 'Slackbot-LinkExpanding 1.0' } })
  const headers = Object.fromEntries(res.headers)
  delete headers.date
  return { status: res.status, headers, body: await res.text() }
}

describe('the room page', () => {
  it('is the same shell with the same status and headers for live, expired and unknown rooms', async () => {
    server = await startServer({ CHATTY_STATIC_DIR: builtSpa(), CHATTY_ROOM_TTL_SECONDS: '1' })
    const expired = await server.createRoom()
    await new Promise((resolve) => setTimeout(resolve, 1200))
    expect((await fetch(`${server.baseUrl}/api/rooms/${expired}`)).status).toBe(404)
    const live = await server.createRoom()
    expect((await fetch(`${server.baseUrl}/api/rooms/${live}`)).status).toBe(200)

    for (const method of ['GET', 'HEAD']) {
      const pages = await Promise.all(
        [live, expired, 'NeverExisted0123456789', 'x'].map((id) =>
          see(`${server!.baseUrl}/room/${id}`, method),
        ),
      )
      expect(pages[0]!.status).toBe(200)
      expect(pages[0]!.headers['content-type']).toMatch(/^text\/html/)
      expect(pages[0]!.headers['content-encoding']).toBe('gzip')
      if (method === 'GET') expect(pages[0]!.body).toContain('<div id="app">')
      for (const page of pages.slice(1)) expect(page).toEqual(pages[0])
    }
  })
})

describeOnEachStore('preview bots', (storeEnv) => {
  it('never join, wake or change a room with GET or HEAD', async () => {
    server = await startServer({ ...storeEnv(), CHATTY_STATIC_DIR: builtSpa() })
    const roomId = await server.createRoom()
    const { client: alice } = await TestClient.join(server.wsUrl(roomId), 'Alice')
    alice.say('before the bots')
    await alice.nextMessage('before the bots')
    const info = await (await fetch(`${server.baseUrl}/api/rooms/${roomId}`)).json()
    const redis = storeEnv().CHATTY_REDIS_URL ? new Redis(storeEnv().CHATTY_REDIS_URL!) : undefined
    const dump = async () => {
      if (!redis) return []
      const keys = (await redis.keys(`${new RedisKeys('chatty:').room(roomId)}*`)).sort()
      return Promise.all(keys.map(async (k) => [k, await redis.dump(k)]))
    }
    const before = await dump()
    // The room, its sequence, messages and members.
    if (redis) expect(before).toHaveLength(4)
    const framesBefore = alice.frames.length

    for (const path of [`/room/${roomId}`, `/api/rooms/${roomId}`, `/ws/${roomId}`]) {
      for (const method of ['GET', 'HEAD']) {
        const res = await fetch(`${server.baseUrl}${path}`, { method })
        expect(res.status, `${method} ${path}`).toBeLessThan(500)
      }
    }

    // Nothing reached the room: no frame to its member, the same keys and values,
    // and a newcomer sees exactly what was there before.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(alice.frames.length).toBe(framesBefore)
    expect(await dump()).toEqual(before)
    const after = await (await fetch(`${server.baseUrl}/api/rooms/${roomId}`)).json()
    expect((after as { expires_at: string }).expires_at).toBe(
      (info as { expires_at: string }).expires_at,
    )
    const { client: bob, history } = await TestClient.join(server.wsUrl(roomId), 'Bob')
    expect(history.messages.map((m) => m.content)).toEqual([
      'Alice joined the chat',
      'before the bots',
    ])
    alice.close()
    bob.close()
    await redis?.quit()
  })
})

describe('API responses', () => {
  it('are Cache-Control: no-store, errors and 429s included', async () => {
    server = await startServer({ CHATTY_ROOMS_PER_MINUTE: '2' })
    const base = server.baseUrl
    const answers = [
      await fetch(`${base}/api/rooms/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{oops',
      }),
      await fetch(`${base}/api/rooms/`, { method: 'POST' }),
      await fetch(`${base}/api/rooms/`, { method: 'POST' }),
      await fetch(`${base}/api/rooms/NeverExisted0123456789`),
      await fetch(`${base}/api/rooms/NeverExisted0123456789`, { method: 'HEAD' }),
      await fetch(`${base}/api/nothing-here`),
    ]
    expect(answers.map((res) => res.status)).toEqual([400, 201, 429, 404, 404, 404])
    for (const res of answers) expect(res.headers.get('cache-control'), res.url).toBe('no-store')
  })
})
