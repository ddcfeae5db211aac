/** The chat protocol end to end, on real sockets, on both stores. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { SystemFrame, TypingFrame } from '../../protocol/index.js'
import { USERS_THROTTLE_ABOVE } from '../src/rooms/member-list-throttle.js'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'

describeOnEachStore('chat', (storeEnv) => {
  let server: TestServer
  let roomId: string
  const clients: TestClient[] = []

  beforeEach(async () => {
    // A generous burst: these tests send quickly; limits.test.ts covers the rate limit.
    server = await startServer({
      ...storeEnv(),
      CHATTY_TEST_TIMINGS: 'typing_throttle=300',
      CHATTY_MESSAGE_BURST: '100',
      CHATTY_MEMBERS_PER_ROOM: '100',
    })
    roomId = await server.createRoom()
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
  })

  async function join(name: string, extra: { avatar?: string; last_id?: number } = {}) {
    const joined = await TestClient.join(server.wsUrl(roomId), name, extra)
    clients.push(joined.client)
    return joined
  }

  it('joins with the seed handshake: joined, history, user list and a join notice', async () => {
    const { client: alice, joined, history } = await join('Alice', { avatar: 'fox' })
    expect(joined).toMatchObject({ name: 'Alice', avatar: 'fox', room: { room_id: roomId } })
    expect(joined.room.ttl_seconds).toBeGreaterThan(3500)
    expect(history.messages).toEqual([])
    expect((await alice.nextUsers()).content).toEqual([{ name: 'Alice', avatar: 'fox' }])
    const notice = await alice.next((f): f is SystemFrame => f.type === 'system')
    expect(notice).toMatchObject({
      sender: '__system__',
      content: 'Alice joined the chat',
      event: 'join',
    })

    const { client: bob } = await join('Bob', { avatar: 'owl' })
    const users = await alice.nextUsers()
    expect(users.content).toEqual([
      { name: 'Alice', avatar: 'fox' },
      { name: 'Bob', avatar: 'owl' },
    ])
    expect((await alice.next((f) => f.type === 'system')) as SystemFrame).toMatchObject({
      content: 'Bob joined the chat',
    })
    expect((await bob.nextUsers()).content).toHaveLength(2)
  })

  it('delivers each message to every member, the sender included, in one order', async () => {
    const { client: alice } = await join('Alice')
    const { client: bob } = await join('Bob')
    for (let i = 0; i < 20; i++) (i % 2 ? alice : bob).say(`m${i}`)
    const order = async (c: TestClient) => (await c.nextMessages(20)).map((m) => m.content)
    const [a, b] = await Promise.all([order(alice), order(bob)])
    expect(a).toEqual(b)
    expect([...a].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`).sort())
    const ids = alice.stored().map((m) => m.id)
    expect(ids).toEqual([...ids].sort((x, y) => x - y))
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('sets sender, avatar, timestamp and id on the server, ignoring what the client claims', async () => {
    const { client: alice } = await join('Alice', { avatar: 'fox' })
    const { client: bob } = await join('Bob')
    const before = Date.now()
    alice.send({
      content: 'hi',
      sender: 'Bob',
      avatar: 'owl',
      timestamp: '1999-01-01T00:00:00Z',
      id: 999,
    })
    alice.send({ content: 'also', sender: '__system__', type: 'message' })
    const m1 = await bob.nextMessage('hi')
    const m2 = await bob.nextMessage('also')
    for (const m of [m1, m2]) {
      expect(m.sender).toBe('Alice')
      expect(m.avatar).toBe('fox')
      expect(Date.parse(m.timestamp)).toBeGreaterThanOrEqual(before - 1000)
    }
    expect(m1.id).not.toBe(999)
    expect(m2.id).toBeGreaterThan(m1.id)
  })

  it('refuses reserved and duplicate names with an error, then accepts another name', async () => {
    await join('Alice')
    const c = await TestClient.connect(server.wsUrl(roomId))
    clients.push(c)
    c.send({ type: 'join', sender: '__system__', avatar: '' })
    expect((await c.nextError()).code).toBe('invalid_name')
    c.send({ type: 'join', sender: ' alice ', avatar: '' })
    const err = await c.nextError()
    expect(err.code).toBe('name_taken')
    expect(err.message).toContain('alice')
    // A short safe id is any avatar now; markup is not.
    c.send({ type: 'join', sender: 'Alice 2', avatar: '<img src=x>' })
    expect((await c.nextError()).code).toBe('invalid_avatar')
    const { joined } = await c.join('Alice 2')
    expect(joined.name).toBe('Alice 2')
  })

  it('relays typing notices to the others only, throttled', async () => {
    const { client: alice } = await join('Alice')
    const { client: bob } = await join('Bob')
    for (let i = 0; i < 5; i++) alice.send({ type: 'typing' })
    const t = await bob.next((f): f is TypingFrame => f.type === 'typing')
    expect(t).toEqual({ type: 'typing', sender: '__typing__', content: 'Alice' })
    alice.say('sync')
    await bob.nextMessage('sync')
    expect(bob.frames.filter((f) => f.type === 'typing')).toHaveLength(1)
    expect(alice.frames.filter((f) => f.type === 'typing')).toHaveLength(0)
    await new Promise((r) => setTimeout(r, 350))
    alice.send({ type: 'typing' })
    await bob.next((f) => f.type === 'typing')
  })

  it('keeps only mentions of present members, spelt as in the member list', async () => {
    const { client: alice } = await join('Alice')
    await join('Bob')
    alice.say('hey @bob and @carol', { mentions: ['bob', 'Carol', '@BOB'] })
    const m = await alice.nextMessage('hey @bob and @carol')
    expect(m.mentions).toEqual(['Bob'])
    alice.say('nobody', { mentions: ['ghost'] })
    expect((await alice.nextMessage('nobody')).mentions).toBeUndefined()
  })

  it('attaches an excerpt of the quoted message to a reply, and refuses unknown ids', async () => {
    const { client: alice } = await join('Alice')
    const { client: bob } = await join('Bob')
    const long = 'word '.repeat(100)
    alice.say(long)
    const original = await bob.nextMessage(long)
    bob.say('agreed', { reply_to: original.id })
    const reply = await alice.nextMessage('agreed')
    expect(reply.reply_to).toMatchObject({ id: original.id, sender: 'Alice' })
    const excerpt = reply.reply_to?.excerpt ?? ''
    expect(excerpt.length).toBeGreaterThan(50)
    expect(excerpt.length).toBeLessThanOrEqual(140)
    expect(long.startsWith(excerpt.slice(0, 50))).toBe(true)
    bob.say('to nothing', { reply_to: 99999 })
    expect((await bob.nextError()).code).toBe('reply_not_found')
  })

  it('echoes client_id so a client can match its own message', async () => {
    const { client: alice } = await join('Alice')
    alice.say('mine', { client_id: 'c-123' })
    expect((await alice.nextMessage('mine')).client_id).toBe('c-123')
  })

  it('gives a late joiner the history in order, each once, before live messages', async () => {
    const { client: alice } = await join('Alice')
    for (let i = 0; i < 30; i++) alice.say(`early ${i}`)
    await alice.nextMessage('early 29')
    const late = await TestClient.connect(server.wsUrl(roomId))
    clients.push(late)
    late.send({ type: 'join', sender: 'Late', avatar: '' })
    // Messages sent while the late joiner is joining must be neither lost nor doubled.
    for (let i = 0; i < 10; i++) alice.say(`during ${i}`)
    await late.next((f) => f.type === 'history')
    await late.nextMessage('during 9')
    const contents = late
      .stored()
      .filter((m) => m.type === 'message')
      .map((m) => m.content)
    expect(contents).toEqual([
      ...Array.from({ length: 30 }, (_, i) => `early ${i}`),
      ...Array.from({ length: 10 }, (_, i) => `during ${i}`),
    ])
    const ids = late.stored().map((m) => m.id)
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b))
  })

  it('after a drop, a rejoin with last_id gets exactly the missed messages, then live ones', async () => {
    const { client: alice } = await join('Alice')
    const { client: bob } = await join('Bob')
    alice.say('one')
    const seen = await bob.nextMessage('one')
    bob.ws.terminate()
    await alice.next((f) => f.type === 'system' && f.event === 'leave')
    alice.say('two')
    alice.say('three')
    await alice.nextMessage('three')
    const { client: bob2, history } = await join('Bob', { last_id: seen.id })
    expect(history.messages.map((m) => m.content)).toEqual(['Bob left the chat', 'two', 'three'])
    expect(history.messages[0]!.id).toBeGreaterThan(seen.id)
    alice.say('four')
    expect((await bob2.nextMessage()).content).toBe('four')
  })

  it('announces a leave and updates the user list when a member goes', async () => {
    const { client: alice } = await join('Alice')
    const { client: bob } = await join('Bob')
    await alice.next((f) => f.type === 'users' && f.content.length === 2)
    bob.close()
    expect((await alice.nextUsers()).content).toEqual([{ name: 'Alice', avatar: '' }])
    const notice = await alice.next(
      (f): f is SystemFrame => f.type === 'system' && f.event === 'leave',
    )
    expect(notice.content).toBe('Bob left the chat')
    // The name is free again.
    await join('Bob')
  })

  it('in a big room, a burst of joins ends with the full member list and every join notice', async () => {
    const { client: first } = await join('Member0')
    const count = USERS_THROTTLE_ABOVE + 20
    for (let i = 1; i < count; i += 10) {
      const batch = Array.from({ length: Math.min(10, count - i) }, (_, k) => `Member${i + k}`)
      await Promise.all(batch.map((name) => join(name)))
    }
    const full = await first.next((f) => f.type === 'users' && f.content.length === count)
    expect(full.type === 'users' && new Set(full.content.map((m) => m.name)).size).toBe(count)
    await vi.waitFor(() => {
      const notices = first.frames.filter((f) => f.type === 'system' && f.event === 'join')
      expect(notices).toHaveLength(count)
    })
  })

  it('answers ping with pong', async () => {
    const c = await TestClient.connect(server.wsUrl(roomId))
    clients.push(c)
    c.send({ type: 'ping' })
    expect(await c.next()).toEqual({ type: 'pong' })
  })

  it('closes with 4004, after the upgrade, for an unknown room', async () => {
    const c = await TestClient.connect(server.wsUrl('AAAAAAAAAAAAAAAAAAAAAA'))
    expect((await c.closed).code).toBe(4004)
    const odd = await TestClient.connect(server.wsUrl('..%2F..'))
    expect((await odd.closed).code).toBe(4004)
  })
})
