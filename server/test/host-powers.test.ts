/**
 * The creator's powers over real sockets, on each store: the creator token proves them,
 * lock refuses new joins (not the host, not a member back after a drop), removal closes
 * and keeps the browser and name out, destroy closes everyone and deletes the room. Every
 * power is refused without the token or with a wrong one. Also the chosen lifetime.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { CLOSE_CODES } from '../../protocol/index.js'
import { createHostedRoom, postRoom } from '../../testkit/rooms.js'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { browserToken, joinAs, refusedJoin, type JoinOptions } from './support/host.js'
import { TestClient } from './support/ws-client.js'

describeOnEachStore('host powers', (storeEnv) => {
  let server: TestServer
  const clients: TestClient[] = []

  beforeEach(async () => {
    server = await startServer({ ...storeEnv(), CHATTY_MAX_ROOM_TTL_SECONDS: '7200' })
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
  })

  async function join(roomId: string, name: string, opts: JoinOptions = {}) {
    const joined = await joinAs(server.wsUrl(roomId), name, opts)
    clients.push(joined.client)
    return joined
  }

  it('gives the creator token only to the creator, and host only to who proves it', async () => {
    const { roomId, creatorToken } = await createHostedRoom(server.baseUrl)
    expect(creatorToken).toMatch(/^[A-Za-z0-9_-]{32}$/)
    const info = await (await fetch(`${server.baseUrl}/api/rooms/${roomId}`)).json()
    expect(info).not.toHaveProperty('creator_token')

    const host = await join(roomId, 'Hana', { creator_token: creatorToken })
    expect(host.joined.host).toBe(true)
    const guest = await join(roomId, 'Gus')
    expect(guest.joined.host).toBe(false)
    const faker = await join(roomId, 'Fay', { creator_token: `${creatorToken.slice(0, -1)}x` })
    expect(faker.joined.host).toBe(false)
    // Another room's token is no good here either.
    const other = await createHostedRoom(server.baseUrl)
    const stray = await join(roomId, 'Sid', { creator_token: other.creatorToken })
    expect(stray.joined.host).toBe(false)
    // Nobody else ever receives the token.
    host.client.say('hello')
    await guest.client.nextMessage('hello')
    for (const c of [guest.client, faker.client, stray.client]) {
      expect(JSON.stringify(c.frames)).not.toContain(creatorToken)
    }
  })

  it('refuses every power to a member without the token or with a wrong one (not_host)', async () => {
    const { roomId, creatorToken } = await createHostedRoom(server.baseUrl)
    const host = await join(roomId, 'Hana', { creator_token: creatorToken })
    const members = [
      await join(roomId, 'Gus'),
      await join(roomId, 'Fay', { creator_token: 'wrong-token' }),
    ]
    for (const { client } of members) {
      for (const frame of [
        { type: 'lock' },
        { type: 'unlock' },
        { type: 'remove', name: 'Hana' },
        { type: 'destroy' },
      ]) {
        client.send(frame)
        expect((await client.nextError()).code).toBe('not_host')
      }
    }
    // Nothing happened: the room is open, Hana is in, nobody was closed.
    const late = await join(roomId, 'Late')
    expect(late.joined.room.locked).toBe(false)
    host.client.say('still here')
    await late.client.nextMessage('still here')
  })

  it('locks: new joins refused with 4011 on both kinds of client, members inside stay, everyone sees it', async () => {
    const { roomId, creatorToken } = await createHostedRoom(server.baseUrl)
    const host = await join(roomId, 'Hana', { creator_token: creatorToken })
    const guest = await join(roomId, 'Gus', { browser_token: browserToken() })
    host.client.send({ type: 'lock' })
    for (const c of [host.client, guest.client]) {
      expect(await c.next((f) => f.type === 'room_state')).toEqual({
        type: 'room_state',
        locked: true,
      })
    }
    const info = (await (await fetch(`${server.baseUrl}/api/rooms/${roomId}`)).json()) as {
      locked: boolean
    }
    expect(info.locked).toBe(true)
    for (const opts of [{}, { browser_token: browserToken() }]) {
      const refused = await refusedJoin(server.wsUrl(roomId), 'Newcomer', opts)
      expect(refused.error.code).toBe('room_locked')
      expect(refused.close.code).toBe(CLOSE_CODES.ROOM_LOCKED)
    }
    // The host may come back in (another tab) and sees the lock in joined.
    const again = await join(roomId, 'Hana 2', { creator_token: creatorToken })
    expect(again.joined.room.locked).toBe(true)
    guest.client.say('inside')
    await host.client.nextMessage('inside')

    host.client.send({ type: 'unlock' })
    await guest.client.next((f) => f.type === 'room_state' && !f.locked)
    const newcomer = await join(roomId, 'Newcomer')
    expect(newcomer.joined.room.locked).toBe(false)
  })

  it('lets a member who dropped back into a locked room from the same browser, not a stranger', async () => {
    const { roomId, creatorToken } = await createHostedRoom(server.baseUrl)
    const host = await join(roomId, 'Hana', { creator_token: creatorToken })
    const token = browserToken()
    const guest = await join(roomId, 'Gus', { browser_token: token })
    host.client.send({ type: 'lock' })
    await guest.client.next((f) => f.type === 'room_state')
    guest.client.ws.terminate()
    await host.client.next((f) => f.type === 'users' && f.content.length === 1)
    const back = await join(roomId, 'Gus', { browser_token: token })
    expect(back.joined.room.locked).toBe(true)
    // Same name, other browser: refused.
    back.client.close()
    await host.client.next((f) => f.type === 'users' && f.content.length === 1)
    const impostor = await refusedJoin(server.wsUrl(roomId), 'Gus', {
      browser_token: browserToken(),
    })
    expect(impostor.close.code).toBe(CLOSE_CODES.ROOM_LOCKED)
  })

  it('lets a member holding a resume token back into a locked room within the reconnect grace', async () => {
    const { roomId, creatorToken } = await createHostedRoom(server.baseUrl)
    const host = await join(roomId, 'Hana', { creator_token: creatorToken })
    const first = await join(roomId, 'Gus', { resume: true })
    const resumeToken = first.joined.resume_token
    expect(resumeToken).toBeTruthy()
    host.client.send({ type: 'lock' })
    await first.client.next((f) => f.type === 'room_state')
    first.client.ws.terminate()
    const back = await join(roomId, 'Gus', { resume_token: resumeToken! })
    expect(back.joined.room.locked).toBe(true)
    // A wrong resume token is a new member: refused while locked.
    const stranger = await refusedJoin(server.wsUrl(roomId), 'Stranger', { resume_token: 'nope' })
    expect(stranger.close.code).toBe(CLOSE_CODES.ROOM_LOCKED)
  })

  it('removes a member: closed with 4012, everyone told, the browser and the name kept out', async () => {
    const { roomId, creatorToken } = await createHostedRoom(server.baseUrl)
    const host = await join(roomId, 'Hana', { creator_token: creatorToken })
    const token = browserToken()
    const bob = await join(roomId, 'Bob', { browser_token: token })
    const carol = await join(roomId, 'Carol')

    host.client.send({ type: 'remove', name: 'Nobody' })
    expect((await host.client.nextError()).code).toBe('member_not_found')
    host.client.send({ type: 'remove', name: 'Hana' })
    expect((await host.client.nextError()).code).toBe('member_not_found')

    host.client.send({ type: 'remove', name: 'bob' })
    expect((await bob.client.closed).code).toBe(CLOSE_CODES.REMOVED)
    expect(await carol.client.next((f) => f.type === 'member_removed')).toEqual({
      type: 'member_removed',
      name: 'Bob',
    })
    const users = await carol.client.next((f) => f.type === 'users')
    expect(users).toMatchObject({ content: [{ name: 'Hana' }, { name: 'Carol' }] })
    const notice = await carol.client.next((f) => f.type === 'system')
    expect(notice).toMatchObject({
      event: 'leave',
      name: 'Bob',
      content: 'Bob was removed by the host',
    })

    // The same browser under another name, and the name from another browser: refused.
    for (const [name, opts] of [
      ['Robert', { browser_token: token }],
      ['Bob', { browser_token: browserToken() }],
      ['BOB', {}],
    ] as const) {
      const refused = await refusedJoin(server.wsUrl(roomId), name, opts)
      expect(refused.error.code).toBe('removed')
      expect(refused.close.code).toBe(CLOSE_CODES.REMOVED)
    }
    await join(roomId, 'Dave', { browser_token: browserToken() })
  })

  it('destroys the room: everyone closed with 4010 after room_closed, and the room is gone', async () => {
    const { roomId, creatorToken } = await createHostedRoom(server.baseUrl)
    const host = await join(roomId, 'Hana', { creator_token: creatorToken })
    const guests = [await join(roomId, 'Gus'), await join(roomId, 'Fay')]
    host.client.say('soon gone')
    await guests[0]!.client.nextMessage('soon gone')
    host.client.send({ type: 'destroy' })
    for (const c of [host.client, ...guests.map((g) => g.client)]) {
      expect((await c.closed).code).toBe(CLOSE_CODES.CLOSED_BY_HOST)
      expect(c.frames.at(-1)).toEqual({ type: 'room_closed', reason: 'host' })
    }
    expect((await fetch(`${server.baseUrl}/api/rooms/${roomId}`)).status).toBe(404)
    const late = await TestClient.connect(server.wsUrl(roomId))
    expect((await late.closed).code).toBe(CLOSE_CODES.ROOM_NOT_FOUND)
  })

  it('takes a chosen lifetime between 60 s and the maximum, and refuses others with 422', async () => {
    const config = await (await fetch(`${server.baseUrl}/api/config`)).json()
    expect(config).toEqual({
      min_room_ttl_seconds: 60,
      max_room_ttl_seconds: 7200,
      default_room_ttl_seconds: 3600,
    })
    for (const ttl of [60, 600, 7200]) {
      const { status, body } = await postRoom(server.baseUrl, { ttl_seconds: ttl })
      expect(status).toBe(201)
      expect(body.ttl_seconds).toBe(ttl)
      expect(body.lifetime_seconds).toBe(ttl)
      const expires = Date.parse(body.expires_at as string) - Date.parse(body.created_at as string)
      expect(expires).toBe(ttl * 1000)
      const joined = await join(body.room_id as string, 'Ann')
      expect(joined.joined.room.lifetime_seconds).toBe(ttl)
      expect(joined.joined.room.ttl_seconds).toBeLessThanOrEqual(ttl)
      expect(joined.joined.room.ttl_seconds).toBeGreaterThan(ttl - 5)
    }
    for (const ttl of [59, 0, -5, 7201]) {
      const { status, body } = await postRoom(server.baseUrl, { ttl_seconds: ttl })
      expect(status).toBe(422)
      expect(body).toMatchObject({
        statusCode: 422,
        min_ttl_seconds: 60,
        max_ttl_seconds: 7200,
        message: 'ttl_seconds must be a whole number from 60 to 7200.',
      })
    }
    expect((await postRoom(server.baseUrl, { ttl_seconds: 'long' })).status).toBe(400)
    expect((await postRoom(server.baseUrl, { ttl_seconds: 90.5 })).status).toBe(400)
  })
})
