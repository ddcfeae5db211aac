/**
 * Every bad input gets a clear error frame or a documented close code, and a
 * bystander in the same room keeps chatting normally afterwards.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'

describeOnEachStore('limits and bad input', (storeEnv) => {
  let server: TestServer
  let roomId: string
  let bystander: TestClient
  let other: TestClient
  const clients: TestClient[] = []

  beforeEach(async () => {
    server = await startServer({
      ...storeEnv(),
      CHATTY_MESSAGE_MAX_CHARS: '100',
      CHATTY_NAME_MAX_CHARS: '10',
      // Holds the fullest chat frame of these limits (2,563 bytes: config.ts checks it), and
      // less than the frame of the 1009 test below.
      CHATTY_MAX_FRAME_BYTES: '3072',
      CHATTY_MESSAGES_PER_SECOND: '1',
      CHATTY_MESSAGE_BURST: '3',
      CHATTY_MEMBERS_PER_ROOM: '3',
      CHATTY_TEST_TIMINGS: 'join_timeout=1',
    })
    roomId = await server.createRoom()
    bystander = (await TestClient.join(server.wsUrl(roomId), 'Bystander')).client
    other = (await TestClient.join(server.wsUrl(roomId), 'Other')).client
    clients.push(bystander, other)
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
  })

  /** The room still works: the bystander's message reaches the other member. */
  async function roomStillWorks(tag: string) {
    bystander.say(`still here ${tag}`)
    expect((await other.nextMessage(`still here ${tag}`)).sender).toBe('Bystander')
  }

  async function joinedOffender(name = 'Bad'): Promise<TestClient> {
    const c = (await TestClient.join(server.wsUrl(roomId), name)).client
    clients.push(c)
    return c
  }

  it('refuses a message over the length limit, keeping the connection', async () => {
    const bad = await joinedOffender()
    bad.say('x'.repeat(101))
    const err = await bad.nextError()
    expect(err.code).toBe('message_too_long')
    expect(err.message).toContain('100')
    bad.say('x'.repeat(100))
    expect((await bad.nextMessage('x'.repeat(100))).sender).toBe('Bad')
    await roomStillWorks('long')
  })

  it('refuses empty messages', async () => {
    const bad = await joinedOffender()
    bad.say('   \n ')
    expect((await bad.nextError()).code).toBe('empty_message')
    await roomStillWorks('empty')
  })

  it('refuses a name over the length limit', async () => {
    const c = await TestClient.connect(server.wsUrl(roomId))
    clients.push(c)
    c.send({ type: 'join', sender: 'a'.repeat(11) })
    const err = await c.nextError()
    expect(err.code).toBe('invalid_name')
    expect(err.message).toContain('10')
    c.send({ type: 'join', sender: 'a\u202eb' })
    expect((await c.nextError()).code).toBe('invalid_name')
    await roomStillWorks('name')
  })

  it('closes with 1009 on a frame over the size limit', async () => {
    const bad = await joinedOffender()
    bad.sendRaw(JSON.stringify({ content: 'y'.repeat(4096) }))
    expect((await bad.closed).code).toBe(1009)
    await roomStillWorks('big')
  })

  it('rate-limits a fast sender without losing the room', async () => {
    const bad = await joinedOffender()
    for (let i = 0; i < 6; i++) bad.say(`spam ${i}`)
    // A burst of 3 passes; the other 3 are refused, each with its own error frame.
    for (let i = 0; i < 3; i++) expect((await bad.nextError()).code).toBe('rate_limited')
    bystander.say('marker')
    await bad.nextMessage('marker')
    const spam = bad.frames.filter((f) => f.type === 'message' && f.content.startsWith('spam'))
    expect(spam.map((f) => f.type === 'message' && f.content)).toEqual([
      'spam 0',
      'spam 1',
      'spam 2',
    ])
    await roomStillWorks('rate')
  })

  it('refuses a member past the room size with room_full and close 4009', async () => {
    await joinedOffender('Third')
    const c = await TestClient.connect(server.wsUrl(roomId))
    c.send({ type: 'join', sender: 'Fourth' })
    expect((await c.nextError()).code).toBe('room_full')
    expect((await c.closed).code).toBe(4009)
    await roomStillWorks('full')
  })

  it('answers malformed JSON, wrong types, unknown types, chat before join and binary with error frames', async () => {
    const c = await TestClient.connect(server.wsUrl(roomId))
    clients.push(c)
    c.sendRaw('{not json')
    expect((await c.nextError()).code).toBe('bad_json')
    c.sendRaw('[1,2]')
    expect((await c.nextError()).code).toBe('invalid_frame')
    c.send({ type: 'join', sender: 42 })
    expect((await c.nextError()).code).toBe('invalid_frame')
    c.send({ type: 'shout', content: 'hi' })
    expect((await c.nextError()).code).toBe('unknown_type')
    c.say('before join')
    expect((await c.nextError()).code).toBe('not_joined')
    c.send({ type: 'typing' })
    expect((await c.nextError()).code).toBe('not_joined')
    c.sendRaw(Buffer.from([1, 2, 3]), true)
    expect((await c.nextError()).code).toBe('binary_not_supported')
    await c.join('Late')
    c.send({ content: 5 })
    expect((await c.nextError()).code).toBe('invalid_frame')
    c.send({ type: 'join', sender: 'Again' })
    expect((await c.nextError()).code).toBe('already_joined')
    c.say('ok now')
    await c.nextMessage('ok now')
    await roomStillWorks('bad frames')
  })

  it('closes a connection that never joins with 4000', async () => {
    const c = await TestClient.connect(server.wsUrl(roomId))
    expect((await c.closed).code).toBe(4000)
    await roomStillWorks('idle')
  })
})
