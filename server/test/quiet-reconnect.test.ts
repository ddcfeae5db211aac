/**
 * Quiet reconnects on real sockets, on both stores: a member who asked for a resume token
 * and comes back with it within CHATTY_RECONNECT_GRACE_SECONDS is never announced as left
 * and joined again; past the grace it is; a wrong token reclaims nothing; seed clients
 * (no token) leave at once, as before.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { SystemFrame } from '../../protocol/index.js'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { TestClient, type JoinExtra } from './support/ws-client.js'

const GRACE_S = 2
const GRACE_MS = GRACE_S * 1000

const isNotice = (f: { type: string }): f is SystemFrame => f.type === 'system'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describeOnEachStore('quiet reconnects', (storeEnv) => {
  let server: TestServer
  let roomId: string
  const clients: TestClient[] = []

  beforeEach(async () => {
    server = await startServer({
      ...storeEnv(),
      CHATTY_TEST_TIMINGS: `grace=${GRACE_S}`,
      CHATTY_MESSAGE_BURST: '100',
    })
    roomId = await server.createRoom()
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
  })

  async function join(name: string, extra: JoinExtra = {}) {
    const joined = await TestClient.join(server.wsUrl(roomId), name, extra)
    clients.push(joined.client)
    return joined
  }

  /** Bob, a seed client, with Alice's join notice already seen. */
  async function aliceAndBob() {
    const alice = await join('Alice', { avatar: 'fox', resume: true })
    const bob = await join('Bob')
    await bob.client.next((f) => isNotice(f) && f.content === 'Bob joined the chat')
    return { alice, bob: bob.client, bobJoined: bob.joined }
  }

  /**
   * Waits until a leave notice sent at the end of the grace would have reached `client`,
   * then proves the room still delivers: a message sent now arrives after any such notice.
   */
  async function pastGrace(client: TestClient, since: number) {
    await sleep(Math.max(0, since + GRACE_MS + 500 - Date.now()))
    client.say('sync')
    await client.nextMessage('sync')
  }

  it('gives a token only to a join that asks, and shows it to nobody else', async () => {
    const { alice, bob, bobJoined } = await aliceAndBob()
    const token = alice.joined.resume_token
    expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/)
    expect(bobJoined.resume_token).toBeUndefined()
    alice.client.say('hello')
    await bob.nextMessage('hello')
    expect(JSON.stringify(bob.frames)).not.toContain(token)

    // Bob, a seed client without a token, leaves at once, as before, and frees his name.
    const leftAt = Date.now()
    bob.close()
    const left = await alice.client.next(
      (f): f is SystemFrame => isNotice(f) && f.event === 'leave',
    )
    expect(left.content).toBe('Bob left the chat')
    expect(Date.now() - leftAt).toBeLessThan(GRACE_MS)
    expect((await join('Bob')).joined.name).toBe('Bob')
  })

  it('lets a member who closes on purpose (1000) leave at once, token or not', async () => {
    const { alice, bob } = await aliceAndBob()
    const leftAt = Date.now()
    alice.client.close(1000)
    const left = await bob.next((f): f is SystemFrame => isNotice(f) && f.event === 'leave')
    expect(left.content).toBe('Alice left the chat')
    expect(Date.now() - leftAt).toBeLessThan(GRACE_MS)
  })

  it('takes a member back within the grace with no left or joined line for anyone', async () => {
    const { alice, bob } = await aliceAndBob()
    const history = alice.history.messages
    bob.say('while Alice is here')
    const seen = await alice.client.nextMessage('while Alice is here')
    const noticesBefore = bob.frames.filter(isNotice).length

    const droppedAt = Date.now()
    alice.client.ws.terminate()
    bob.say('while Alice is away')
    await bob.nextMessage('while Alice is away')

    const back = await join('Alice', {
      avatar: 'fox',
      last_id: seen.id,
      resume_token: alice.joined.resume_token!,
    })
    expect(back.joined.name).toBe('Alice')
    // Exactly what was missed; a fresh token, the old one spent.
    expect(back.history.messages.map((m) => m.type === 'message' && m.content)).toEqual([
      'while Alice is away',
    ])
    expect(back.joined.resume_token).toBeDefined()
    expect(back.joined.resume_token).not.toBe(alice.joined.resume_token)
    expect((await back.client.nextUsers()).content.map((m) => m.name)).toEqual(['Alice', 'Bob'])

    await pastGrace(bob, droppedAt)
    expect(bob.frames.filter(isNotice).length).toBe(noticesBefore)
    expect(back.client.frames.filter(isNotice)).toEqual([])
    expect(history.filter(isNotice).map((n) => n.content)).toEqual([])

    // Still Alice's: a second "Alice" is refused, the old token reclaims nothing.
    const stale = await TestClient.connect(server.wsUrl(roomId))
    clients.push(stale)
    stale.send({ type: 'join', sender: 'Alice', resume_token: alice.joined.resume_token })
    expect((await stale.nextError()).code).toBe('name_taken')
    // And when the resumed connection goes for good, the leave comes after its own grace.
    back.client.ws.terminate()
    const left = await bob.next(
      (f): f is SystemFrame => isNotice(f) && f.event === 'leave',
      GRACE_MS + 5000,
    )
    expect(left.content).toBe('Alice left the chat')
  })

  it('announces the leave once the grace has passed, and keeps the name until then', async () => {
    const { alice, bob } = await aliceAndBob()
    const droppedAt = Date.now()
    alice.client.ws.terminate()

    // During the grace: the name is reserved, with no token or with a wrong one.
    const other = await TestClient.connect(server.wsUrl(roomId))
    clients.push(other)
    other.send({ type: 'join', sender: 'alice' })
    expect((await other.nextError()).code).toBe('name_taken')
    other.send({ type: 'join', sender: 'Alice', resume_token: 'x'.repeat(32) })
    expect((await other.nextError()).code).toBe('name_taken')

    const left = await bob.next(
      (f): f is SystemFrame => isNotice(f) && f.event === 'leave',
      GRACE_MS + 5000,
    )
    expect(left.content).toBe('Alice left the chat')
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(GRACE_MS - 100)
    // The member list changed just before the notice (the store removes, then it is told).
    const lists = bob.frames.filter((f) => f.type === 'users')
    expect(lists.at(-1)).toMatchObject({ content: [{ name: 'Bob' }] })

    // After it, the token is worth nothing: the name is free, and taking it is a new join.
    const again = await join('Alice', { resume_token: alice.joined.resume_token! })
    expect(again.joined.name).toBe('Alice')
    expect(
      await bob.next((f): f is SystemFrame => isNotice(f) && f.event === 'join'),
    ).toMatchObject({ content: 'Alice joined the chat' })
  })
})
