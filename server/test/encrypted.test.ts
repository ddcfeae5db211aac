/** End-to-end encrypted rooms: the server keeps only well-formed envelopes, on both stores. */
import { Redis } from 'ioredis'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { envelopeMaxChars, type MessageFrame } from '../../protocol/index.js'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { envelopeOfLength, newKey, open, seal } from './support/envelope.js'
import { startRedis } from '../../testkit/redis.js'
import { TestClient } from './support/ws-client.js'

async function post(server: TestServer, body?: string) {
  const res = await fetch(`${server.baseUrl}/api/rooms/`, {
    method: 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body }),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('creating encrypted rooms', () => {
  let server: TestServer
  beforeEach(async () => {
    server = await startServer()
  })
  afterEach(async () => {
    await server.close()
  })

  it('makes an encrypted room on {"encrypted": true}, a plain one otherwise', async () => {
    const cases: [string | undefined, boolean][] = [
      ['{"encrypted": true}', true],
      ['{"encrypted": false}', false],
      [undefined, false],
      ['', false],
      ['{}', false],
      ['{"something": "else"}', false],
    ]
    for (const [body, encrypted] of cases) {
      const created = await post(server, body)
      expect(created.status, String(body)).toBe(201)
      expect(created.body.encrypted, String(body)).toBe(encrypted)
      const got = await fetch(`${server.baseUrl}/api/rooms/${created.body.room_id as string}`)
      expect(((await got.json()) as { encrypted: boolean }).encrypted).toBe(encrypted)
    }
  })

  it('keeps the key check of an encrypted room and hands it out with the room info', async () => {
    const keyCheck = `kc1:${'A'.repeat(16)}:${'B'.repeat(42)}A`
    const created = await post(server, JSON.stringify({ encrypted: true, key_check: keyCheck }))
    expect(created.status).toBe(201)
    expect(created.body.key_check).toBe(keyCheck)
    const got = await fetch(`${server.baseUrl}/api/rooms/${created.body.room_id as string}`)
    expect(((await got.json()) as { key_check?: string }).key_check).toBe(keyCheck)
    // A plain room has no key to check: the field is not kept.
    const plain = await post(server, JSON.stringify({ key_check: keyCheck }))
    expect(plain.status).toBe(201)
    expect(plain.body.key_check).toBeUndefined()
  })

  it('refuses a malformed key check with a 400 JSON error', async () => {
    const good = `kc1:${'A'.repeat(16)}:${'B'.repeat(42)}A`
    for (const keyCheck of ['', 'kc2' + good.slice(3), good + 'A', good.replace('kc1:', ''), 42]) {
      const res = await post(server, JSON.stringify({ encrypted: true, key_check: keyCheck }))
      expect(res.status, String(keyCheck)).toBe(400)
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' })
    }
  })

  it('refuses an "encrypted" that is not a boolean with a 400 JSON error', async () => {
    for (const body of ['{"encrypted": "maybe"}', '{"encrypted": {}}', '[]']) {
      const res = await post(server, body)
      expect(res.status, body).toBe(400)
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' })
    }
  })

  it('documents the body and the flag in the OpenAPI spec', async () => {
    const spec = (await (await fetch(`${server.baseUrl}/docs/json`)).json()) as {
      paths: Record<string, { post?: { requestBody?: unknown } }>
      components: { schemas: Record<string, { properties: Record<string, unknown> }> }
    }
    expect(JSON.stringify(spec.paths['/api/rooms/']?.post?.requestBody)).toContain('encrypted')
    expect(JSON.stringify(spec)).toContain('"encrypted"')
  })
})

describeOnEachStore('an encrypted room', (storeEnv) => {
  let server: TestServer
  let roomId: string
  const key = newKey()
  const clients: TestClient[] = []

  beforeEach(async () => {
    server = await startServer({ ...storeEnv(), CHATTY_MESSAGE_BURST: '100' })
    roomId = (await post(server, '{"encrypted":true}')).body.room_id as string
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
  })

  async function join(name: string, last_id?: number) {
    const joined = await TestClient.join(server.wsUrl(roomId), name, { last_id })
    clients.push(joined.client)
    return joined
  }
  const sealFor = (sender: string, text: string, replyTo?: number) =>
    seal(key, { room: roomId, sender, replyTo }, text)

  it('says so in joined, and relays and replays envelopes unchanged', async () => {
    const { client: alice, joined } = await join('Alice')
    expect(joined.room.encrypted).toBe(true)
    const envelope = sealFor('Alice', 'hello Bob')
    alice.say(envelope, { client_id: 'c1' })
    const echoed = await alice.nextMessage(envelope)
    expect(echoed).toMatchObject({ sender: 'Alice', client_id: 'c1' })

    const { history } = await join('Bob')
    const replayed = history.messages.find((m): m is MessageFrame => m.type === 'message')!
    expect(replayed.content).toBe(envelope)
    expect(open(key, { room: roomId, sender: replayed.sender }, replayed.content)).toBe('hello Bob')
  })

  it('refuses plain text with an error frame, keeps the connection and stores nothing', async () => {
    const { client: alice } = await join('Alice')
    const refused = [
      'plain text MARKER-7f3a',
      'e1:not-an-envelope',
      `${sealFor('Alice', 'x')}=`,
      sealFor('Alice', 'x').replace(/^e1/, 'e2'),
    ]
    for (const content of refused) {
      alice.say(content)
      const error = await alice.nextError()
      expect(error.code, content).toBe('invalid_envelope')
      expect(error.message).toMatch(/end-to-end encrypted/)
    }
    const envelope = sealFor('Alice', 'still connected')
    alice.say(envelope)
    await alice.nextMessage(envelope)
    const { history } = await join('Bob')
    const contents = history.messages.filter((m) => m.type === 'message').map((m) => m.content)
    expect(contents).toEqual([envelope])
  })

  it('bounds the envelope, not the text: the longest allowed text fits, one more does not', async () => {
    await server.close()
    server = await startServer({ ...storeEnv(), CHATTY_MESSAGE_MAX_CHARS: '10' })
    roomId = (await post(server, '{"encrypted":true}')).body.room_id as string
    const { client: alice } = await join('Alice')
    // Ten three-byte characters: longer than 10 as an envelope, and accepted.
    const widest = sealFor('Alice', '€'.repeat(10))
    expect(widest.length).toBe(envelopeMaxChars(10))
    alice.say(widest)
    await alice.nextMessage(widest)
    alice.say(envelopeOfLength(envelopeMaxChars(10) + 2))
    expect((await alice.nextError()).code).toBe('message_too_long')
  })

  it('checks a quoted id exists and attaches no excerpt', async () => {
    const { client: alice } = await join('Alice')
    const { client: bob } = await join('Bob')
    const first = sealFor('Alice', 'lunch?')
    alice.say(first)
    const original = await bob.nextMessage(first)
    const reply = sealFor('Bob', 'yes', original.id)
    bob.say(reply, { reply_to: original.id })
    const got = await alice.nextMessage(reply)
    expect(got.reply_to).toEqual({ id: original.id, sender: 'Alice' })
    expect(open(key, { room: roomId, sender: 'Bob', replyTo: original.id }, got.content)).toBe(
      'yes',
    )
    bob.say(sealFor('Bob', 'to nothing', 9999), { reply_to: 9999 })
    expect((await bob.nextError()).code).toBe('reply_not_found')
  })

  it('resumes from last_id exactly as a plain room does', async () => {
    const { client: alice } = await join('Alice')
    const sent = ['one', 'two', 'three'].map((t) => sealFor('Alice', t))
    alice.say(sent[0]!)
    const first = await alice.nextMessage(sent[0])
    const { client: bob } = await join('Bob')
    bob.close()
    alice.say(sent[1]!)
    alice.say(sent[2]!)
    await alice.nextMessage(sent[2])
    const { history } = await join('Bob', first.id)
    const contents = history.messages.filter((m) => m.type === 'message').map((m) => m.content)
    expect(contents).toEqual([sent[1], sent[2]])
  })
})

describe('a plain room', () => {
  it('still takes plain text and quotes with an excerpt, for seed clients', async () => {
    const server = await startServer()
    try {
      const roomId = await server.createRoom()
      const { client, joined } = await TestClient.join(server.wsUrl(roomId), 'Seed', {
        avatar: 'fox',
      })
      expect(joined.room.encrypted).toBe(false)
      client.send({ sender: 'Seed', avatar: 'fox', content: 'hello', timestamp: 'now' })
      const m = await client.nextMessage('hello')
      client.say('reply', { reply_to: m.id })
      expect((await client.nextMessage('reply')).reply_to).toEqual({
        id: m.id,
        sender: 'Seed',
        excerpt: 'hello',
      })
      client.close()
    } finally {
      await server.close()
    }
  })
})

describe('two processes on one Redis', () => {
  it('both know the room is encrypted, and a refused text never reaches Redis', async () => {
    const redis = await startRedis()
    const env = { CHATTY_REDIS_URL: redis.url }
    const [a, b] = await Promise.all([startServer(env), startServer(env)])
    const reader = new Redis(redis.url)
    try {
      const roomId = (await post(a, '{"encrypted":true}')).body.room_id as string
      const info = await (await fetch(`${b.baseUrl}/api/rooms/${roomId}`)).json()
      expect(info).toMatchObject({ room_id: roomId, encrypted: true })
      const { client } = await TestClient.join(b.wsUrl(roomId), 'Alice')
      const { client: other } = await TestClient.join(a.wsUrl(roomId), 'Bob')
      client.say('MARKER-plain-9c1e')
      expect((await client.nextError()).code).toBe('invalid_envelope')
      const envelope = seal(newKey(), { room: roomId, sender: 'Alice' }, 'MARKER-secret-41d2')
      client.say(envelope)
      await other.nextMessage(envelope)

      const dump: string[] = []
      for (const k of await reader.keys('*')) {
        const type = await reader.type(k)
        if (type === 'string') dump.push((await reader.get(k)) ?? '')
        else if (type === 'hash') dump.push(JSON.stringify(await reader.hgetall(k)))
        else if (type === 'list') dump.push(...(await reader.lrange(k, 0, -1)))
        else if (type === 'zset') dump.push(...(await reader.zrange(k, 0, -1)))
        else if (type === 'set') dump.push(...(await reader.smembers(k)))
        else throw new Error(`unexpected key type ${type}`)
      }
      const all = dump.join('\n')
      expect(all).toContain(envelope)
      expect(all).not.toContain('MARKER')
      client.close()
      other.close()
    } finally {
      reader.disconnect()
      await Promise.all([a.close(), b.close()])
      await redis.stop()
    }
  })
})
