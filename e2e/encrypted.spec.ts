/**
 * End-to-end encrypted rooms in a real Chromium against the built server on a private Redis:
 * the key is made in the browser, travels only in the fragment, and nothing readable reaches
 * the server or Redis.
 */
import path from 'node:path'
import { Redis } from 'ioredis'
import type { Request } from 'playwright-core'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRedis, type TestRedis } from '../testkit/redis.js'
import { createRoom } from '../testkit/rooms.js'
import { ARTIFACTS } from './support/browser.js'
import { enterName, messageTexts, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

let redis: TestRedis
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.stop()
})
// Debug logs: the most a server ever writes, so a key or text in any line would show.
const chatty = useServerAndBrowser(() => ({
  CHATTY_REDIS_URL: redis.url,
  CHATTY_LOG_LEVEL: 'debug',
}))

/** Joins through the name dialog on the page as it is (no navigation: the fragment stays). */
/** Every key and value in Redis, as text. */
async function redisDump(): Promise<string> {
  const client = new Redis(redis.url)
  try {
    const out: string[] = []
    for (const key of await client.keys('*')) {
      out.push(key)
      const type = await client.type(key)
      if (type === 'string') out.push((await client.get(key)) ?? '')
      else if (type === 'hash') out.push(JSON.stringify(await client.hgetall(key)))
      else if (type === 'list') out.push(...(await client.lrange(key, 0, -1)))
      else if (type === 'zset') out.push(...(await client.zrange(key, 0, -1, 'WITHSCORES')))
      else if (type === 'set') out.push(...(await client.smembers(key)))
      else throw new Error(`a key of type ${type}: dump it too`)
    }
    return out.join('\n')
  } finally {
    client.disconnect()
  }
}

describe('encrypted rooms', () => {
  it('are the default; people chat, a late joiner reads the history, the server learns nothing', async () => {
    const alice = await chatty.person()
    const requests: Request[] = []
    const sockets: string[] = []
    alice.context.on('request', (r) => requests.push(r))
    alice.page.on('websocket', (ws) => sockets.push(ws.url()))

    const home = await alice.page.goto('/')
    expect(home?.headers()['referrer-policy']).toBe('no-referrer')
    expect(await alice.page.getByTestId('kind-encrypted').locator('input').isChecked()).toBe(true)
    await alice.page.getByTestId('create-room').click()
    await alice.page.waitForURL(/\/room\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/)
    const link = alice.page.url()
    const [, roomId, key] = /\/room\/([^#]+)#(.+)$/.exec(link)!
    const info = await (await fetch(`${chatty.server.baseUrl}/api/rooms/${roomId}`)).json()
    expect(info).toMatchObject({ room_id: roomId, encrypted: true })
    await enterName(alice.page, 'Alice MARKER-name', 'fox')

    expect(await alice.page.getByTestId('privacy-badge').getAttribute('data-encrypted')).toBe(
      'true',
    )
    await alice.page.getByTestId('privacy-badge').click()
    const explained = await alice.page.getByTestId('privacy-explained').textContent()
    expect(explained).toMatch(/cannot read them/)
    expect(explained).toMatch(/names, avatars.*who is online and who is mentioned/)
    await alice.page.getByTestId('privacy-badge').click()

    // The share button copies the full link, key included.
    await alice.page.getByTestId('share-button').click()
    // Copying is asynchronous: poll the clipboard until the link is there.
    await expect.poll(() => alice.page.evaluate('navigator.clipboard.readText()')).toBe(link)

    const bob = await chatty.person()
    await bob.page.goto(link)
    await enterName(bob.page, 'Bob', 'owl')
    await send(alice.page, 'first MARKER-one from Alice')
    await waitForMessage(bob.page, 'MARKER-one')
    await send(bob.page, 'reply MARKER-two from Bob')
    await waitForMessage(alice.page, 'MARKER-two')

    // Bob quotes Alice: the quote comes from each browser's own decrypted copy.
    await bob.page.locator('article[data-message-id]', { hasText: 'MARKER-one' }).hover()
    await bob.page
      .locator('article[data-message-id]', { hasText: 'MARKER-one' })
      .getByTestId('reply-button')
      .click()
    await send(bob.page, 'agreed MARKER-three')
    await waitForMessage(alice.page, 'MARKER-three')
    const quote = alice.page
      .locator('article', { hasText: 'MARKER-three' })
      .getByTestId('reply-quote')
    expect(await quote.textContent()).toContain('first MARKER-one from Alice')

    const carol = await chatty.person()
    await carol.page.goto(link)
    await enterName(carol.page, 'Carol', 'cat')
    await waitForMessage(carol.page, 'MARKER-three')
    expect(await messageTexts(carol.page)).toEqual([
      'first MARKER-one from Alice',
      'reply MARKER-two from Bob',
      'agreed MARKER-three',
    ])
    expect(
      await carol.page
        .locator('article', { hasText: 'MARKER-three' })
        .getByTestId('reply-quote')
        .textContent(),
    ).toContain('MARKER-one')

    // A reload keeps the fragment, so the key, and reads everything again.
    await alice.page.reload()
    await waitForMessage(alice.page, 'MARKER-three')
    expect(alice.page.url()).toBe(link)

    // Redis holds envelopes, and no message text anywhere in any key or value.
    const dump = await redisDump()
    expect(dump).toMatch(/"content":"e1:[A-Za-z0-9_-]{16}:/)
    expect(dump).not.toMatch(/MARKER-(one|two|three)/)
    expect(dump).not.toContain(key)

    // The key was never in a request, a WebSocket URL or a server log line.
    expect(requests.length).toBeGreaterThan(3)
    for (const r of requests) {
      expect(r.url()).not.toContain(key)
      expect(r.url()).not.toContain('#')
      expect((await r.allHeaders())['referer'] ?? '').not.toContain(key)
    }
    expect(sockets.length).toBeGreaterThan(0)
    for (const url of sockets) expect(url).toBe(`${chatty.server.wsUrl(roomId!)}`)
    expect(chatty.server.output()).not.toContain(key)
    expect(chatty.server.output()).not.toMatch(/MARKER-(one|two|three)/)

    expect([...alice.errors, ...bob.errors, ...carol.errors]).toEqual([])
    for (const p of [alice, bob, carol]) await p.context.close()
  })

  it('shows the missing-key page for a link without its key, and never opens a socket', async () => {
    const res = await fetch(`${chatty.server.baseUrl}/api/rooms/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"encrypted":true}',
    })
    const { room_id: roomId } = (await res.json()) as { room_id: string }
    const someone = await chatty.person()
    const sockets: string[] = []
    someone.page.on('websocket', (ws) => sockets.push(ws.url()))
    for (const hash of ['', '#', '#tooShort', `#${'A'.repeat(42)}B`]) {
      await someone.page.goto(`/room/${roomId}${hash}`)
      const page = someone.page.getByTestId('missing-key')
      await page.waitFor()
      expect(await page.textContent()).toMatch(
        /end-to-end encrypted.*missing its key|missing its key.*end-to-end encrypted/s,
      )
      expect(await someone.page.getByTestId('name-modal').count()).toBe(0)
    }
    expect(sockets).toEqual([])
    expect(someone.errors).toEqual([])
    await someone.context.close()
  })

  it('stops a link with the wrong key before joining: no name asked, nobody sees a join', async () => {
    const alice = await chatty.person()
    await alice.page.goto('/')
    await alice.page.getByTestId('create-room').click()
    await alice.page.waitForURL(/#/)
    await enterName(alice.page, 'Alice', 'fox')
    await send(alice.page, 'only for the right key')
    await waitForMessage(alice.page, 'only for the right key')
    const roomId = new URL(alice.page.url()).pathname.split('/').pop()!
    const info = (await (await fetch(`${chatty.server.baseUrl}/api/rooms/${roomId}`)).json()) as {
      key_check?: string
    }
    expect(info.key_check).toMatch(/^kc1:/)
    // The key check reveals nothing of the key itself.
    expect(info.key_check).not.toContain(new URL(alice.page.url()).hash.slice(1))

    const looks = [
      { name: 'desktop-light', options: {} },
      {
        name: 'phone-dark',
        options: { viewport: { width: 390, height: 844 }, isMobile: true, colorScheme: 'dark' },
      },
    ] as const
    for (const look of looks) {
      const wrong = await chatty.person(look.options)
      const sockets: string[] = []
      wrong.page.on('websocket', (ws) => sockets.push(ws.url()))
      await wrong.page.goto(`/room/${roomId}#${'A'.repeat(43)}`)
      const page = wrong.page.getByTestId('wrong-key')
      await page.waitFor()
      expect(await page.textContent()).toContain('not the room’s key')
      expect(await wrong.page.title()).toContain('wrong key')
      expect(await wrong.page.getByTestId('name-modal').count()).toBe(0)
      await wrong.page.screenshot({ path: path.join(ARTIFACTS, `wrong-key-${look.name}.png`) })
      expect(sockets).toEqual([])
      expect(wrong.errors).toEqual([])
      await wrong.context.close()
    }
    // The right key still joins, and Alice saw nobody come in.
    const bob = await chatty.person()
    await bob.page.goto(new URL(alice.page.url()).pathname + new URL(alice.page.url()).hash)
    await enterName(bob.page, 'Bob', 'cat')
    await waitForMessage(bob.page, 'only for the right key')
    await expect
      .poll(() => alice.page.getByTestId('system-notice').allTextContents())
      .toEqual([expect.stringContaining('Alice joined'), expect.stringContaining('Bob joined')])
    expect([...alice.errors, ...bob.errors]).toEqual([])
    await alice.context.close()
    await bob.context.close()
  })

  it('shows a placeholder, never ciphertext, for messages a wrong key cannot open (a room without a key check)', async () => {
    // Made without a key check (as a script might): a wrong key can only be found out later.
    const res = await fetch(`${chatty.server.baseUrl}/api/rooms/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"encrypted":true}',
    })
    const { room_id: roomId } = (await res.json()) as { room_id: string }
    const alice = await chatty.person()
    await alice.page.goto(`/room/${roomId}#${'B'.repeat(42)}A`)
    await enterName(alice.page, 'Alice', 'fox')
    await send(alice.page, 'only for the right key')
    await waitForMessage(alice.page, 'only for the right key')

    const wrong = await chatty.person()
    await wrong.page.goto(`/room/${roomId}#${'A'.repeat(43)}`)
    await enterName(wrong.page, 'Eve', 'cat')
    const placeholder = wrong.page.getByTestId('undecryptable')
    await placeholder.first().waitFor()
    expect(await placeholder.textContent()).toContain('could not be decrypted')
    const text = (await wrong.page.locator('main').textContent()) ?? ''
    expect(text).not.toContain('only for the right key')
    expect(text).not.toContain('e1:')
    // The page keeps working: a new message from the wrong-key side is just unreadable to Alice.
    await send(wrong.page, 'hello?')
    await expect.poll(() => alice.page.getByTestId('undecryptable').count()).toBe(1)
    expect([...alice.errors, ...wrong.errors]).toEqual([])
    await alice.context.close()
    await wrong.context.close()
  })
})

describe('plain rooms', () => {
  it('are a visible choice, say the server can read them, and work with a seed-protocol client', async () => {
    const web = await chatty.person()
    await web.page.goto('/')
    await web.page.getByTestId('kind-plain').click()
    await web.page.getByTestId('create-room').click()
    await web.page.waitForURL(/\/room\/[A-Za-z0-9_-]{22}$/)
    const roomId = new URL(web.page.url()).pathname.split('/').pop()!
    await enterName(web.page, 'Web', 'fox')
    await web.page.getByTestId('privacy-badge').click()
    expect(await web.page.getByTestId('privacy-explained').textContent()).toContain(
      'Unlisted — the server can read messages',
    )

    // A client written from the seed README: no body on create, no type on chat.
    const seedRoom = await createRoom(chatty.server.baseUrl)
    expect(seedRoom).toMatch(/^[A-Za-z0-9_-]{22}$/)
    const seed = new WebSocket(chatty.server.wsUrl(roomId), { origin: chatty.server.baseUrl })
    const frames: { type?: string; sender?: string; content?: unknown }[] = []
    seed.on('message', (data) => frames.push(JSON.parse(String(data))))
    await new Promise((resolve) => seed.once('open', resolve))
    seed.send(JSON.stringify({ sender: 'Seed', avatar: 'fox', type: 'join' }))
    await expect.poll(() => frames.some((f) => f.type === 'history')).toBe(true)
    seed.send(
      JSON.stringify({
        sender: 'Seed',
        avatar: 'fox',
        content: 'plain hello',
        timestamp: new Date().toISOString(),
      }),
    )
    await waitForMessage(web.page, 'plain hello')
    await send(web.page, 'plain answer')
    await expect
      .poll(() => frames.some((f) => f.sender === 'Web' && f.content === 'plain answer'))
      .toBe(true)
    seed.close()
    expect(web.errors).toEqual([])
    await web.context.close()
  })
})
