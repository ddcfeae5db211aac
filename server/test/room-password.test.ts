/**
 * Room passwords over real HTTP and sockets, on each store: a plain room's password checked by
 * the server (scrypt), an encrypted room's verifier (`kc2`) checked by hash; nothing of the
 * room (members, history, whether a name is taken) before the proof; wrong tries limited per
 * address and per room, right ones not counted; the host needs none.
 */
import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { CLOSE_CODES, type RoomInfo } from '../../protocol/index.js'
import { createHostedRoom, postRoom } from '../../testkit/rooms.js'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { joinAs, refusedJoin, type JoinOptions } from './support/host.js'
import type { TestClient } from './support/ws-client.js'

const KDF = {
  name: 'argon2id',
  salt: randomBytes(16).toString('base64url'),
  memory_kib: 65536,
  iterations: 3,
  parallelism: 1,
}
const verifier = () => `kc2:${randomBytes(32).toString('base64url')}`

describeOnEachStore('room passwords', (storeEnv) => {
  let server: TestServer
  const clients: TestClient[] = []

  beforeEach(async () => {
    server = await startServer(storeEnv(), {
      attemptLimits: { perAddress: 50, perRoom: 100, windowMs: 60_000 },
    })
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

  const access = (roomId: string, body: Record<string, unknown>) =>
    fetch(`${server.baseUrl}/api/rooms/${roomId}/access`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })

  it('a plain room: the password as well as the link, checked before anything is given out', async () => {
    const { roomId, creatorToken } = await createHostedRoom(server.baseUrl, {
      password: 'open sesame',
    })
    const info = (await (await fetch(`${server.baseUrl}/api/rooms/${roomId}`)).json()) as RoomInfo
    expect(info.password).toEqual({})
    expect(JSON.stringify(info)).not.toContain('sesame')
    // The host comes in on the creator token alone.
    const host = await join(roomId, 'Hana', { creator_token: creatorToken })
    host.client.say('the door code is 4711')
    await host.client.nextMessage('the door code is 4711')

    // Without the password, or with a wrong one: refused before the name is even looked at.
    for (const [opts, code] of [
      [{}, 'password_required'],
      [{ password: 'open sesame!' }, 'wrong_password'],
    ] as const) {
      const refused = await refusedJoin(server.wsUrl(roomId), 'Hana', opts)
      expect(refused.error.code).toBe(code)
      expect(refused.close.code).toBe(CLOSE_CODES.PASSWORD)
    }
    expect((await access(roomId, { password: 'nope' })).status).toBe(403)
    const right = await access(roomId, { password: 'open sesame' })
    expect(right.status).toBe(204)

    const guest = await join(roomId, 'Gus', { password: 'open sesame' })
    expect(guest.joined.room.password).toEqual({})
    expect(guest.client.frames.find((f) => f.type === 'history')).toMatchObject({
      messages: expect.arrayContaining([
        expect.objectContaining({ content: 'the door code is 4711' }),
      ]),
    })
  })

  it('an encrypted room: the server keeps the verifier’s hash and never takes the password', async () => {
    const check = verifier()
    const refusedMix = await postRoom(server.baseUrl, { encrypted: true, password: 'secret' })
    expect(refusedMix.status).toBe(400)
    expect((await postRoom(server.baseUrl, { encrypted: true, password_kdf: KDF })).status).toBe(
      400,
    )
    expect(
      (await postRoom(server.baseUrl, { password_kdf: KDF, password_check: check })).status,
    ).toBe(400)

    const { roomId } = await createHostedRoom(server.baseUrl, {
      encrypted: true,
      password_kdf: KDF,
      password_check: check,
    })
    const info = (await (await fetch(`${server.baseUrl}/api/rooms/${roomId}`)).json()) as RoomInfo
    expect(info.password).toEqual({ kdf: KDF })
    expect(JSON.stringify(info)).not.toContain(check.slice(4))

    const wrong = await refusedJoin(server.wsUrl(roomId), 'Gus', { password_check: verifier() })
    expect(wrong.error.code).toBe('wrong_password')
    // A plain password means nothing here: only the verifier counts.
    const plain = await refusedJoin(server.wsUrl(roomId), 'Gus', { password: 'secret' })
    expect(plain.error.code).toBe('password_required')
    expect((await access(roomId, { password_check: check })).status).toBe(204)
    const guest = await join(roomId, 'Gus', { password_check: check })
    expect(guest.joined.room.password).toEqual({ kdf: KDF })
  })

  it('leaves rooms without a password as they were, for seed clients too', async () => {
    const roomId = await server.createRoom()
    const info = (await (await fetch(`${server.baseUrl}/api/rooms/${roomId}`)).json()) as RoomInfo
    expect(info).not.toHaveProperty('password')
    expect((await access(roomId, {})).status).toBe(204)
    await join(roomId, 'Sam')
  })
})

describeOnEachStore('room passwords, per address', (storeEnv) => {
  let server: TestServer
  beforeEach(async () => {
    server = await startServer(storeEnv(), {
      attemptLimits: { perAddress: 3, perRoom: 100, windowMs: 60_000 },
    })
  })
  afterEach(() => server.close())

  const access = (roomId: string, body: Record<string, unknown>) =>
    fetch(`${server.baseUrl}/api/rooms/${roomId}/access`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })

  it('limits wrong tries per address, tells when to try again, and does not count right ones', async () => {
    const { roomId } = await createHostedRoom(server.baseUrl, { password: 'pw' })
    // Right passwords are given back: any number of them.
    for (let i = 0; i < 5; i++) expect((await access(roomId, { password: 'pw' })).status).toBe(204)
    for (let i = 0; i < 3; i++) expect((await access(roomId, { password: 'no' })).status).toBe(403)
    const limited = await access(roomId, { password: 'pw' })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await limited.json()).toMatchObject({ code: 'too_many_attempts' })
    const onSocket = await refusedJoin(server.wsUrl(roomId), 'Gus', { password: 'pw' })
    expect(onSocket.error.code).toBe('too_many_attempts')
    expect(onSocket.close.code).toBe(CLOSE_CODES.PASSWORD)
  })
})

describeOnEachStore('room passwords, per room', (storeEnv) => {
  let server: TestServer
  beforeEach(async () => {
    server = await startServer(storeEnv(), {
      attemptLimits: { perAddress: 100, perRoom: 2, windowMs: 60_000 },
    })
  })
  afterEach(() => server.close())

  it('limits wrong tries for one room from anyone, and not in another room', async () => {
    const one = await createHostedRoom(server.baseUrl, { password: 'pw' })
    const two = await createHostedRoom(server.baseUrl, { password: 'pw' })
    for (let i = 0; i < 2; i++) {
      expect((await refusedJoin(server.wsUrl(one.roomId), 'G', { password: 'x' })).error.code).toBe(
        'wrong_password',
      )
    }
    const third = await refusedJoin(server.wsUrl(one.roomId), 'G', { password: 'pw' })
    expect(third.error.code).toBe('too_many_attempts')
    const elsewhere = await joinAs(server.wsUrl(two.roomId), 'G', { password: 'pw' })
    elsewhere.client.close()
  })
})
