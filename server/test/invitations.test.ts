/**
 * Single-use invitations and invitation only over real sockets and HTTP, on each store: the
 * host makes, lists and revokes them (nobody else sees them); one admits one newcomer once;
 * a look-up never spends one; an invitation-only room admits the host, invitees and members
 * coming back, and nobody else; a lock wins over every invitation.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import {
  CLOSE_CODES,
  type RoomInfo,
  type InvitationFrame,
  type InvitationsFrame,
  type ServerFrame,
} from '../../protocol/index.js'
import { createHostedRoom } from '../../testkit/rooms.js'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { browserToken, joinAs, refusedJoin, type JoinOptions } from './support/host.js'
import type { TestClient } from './support/ws-client.js'

const isInvitation = (f: ServerFrame): f is InvitationFrame => f.type === 'invitation'
const isList = (f: ServerFrame): f is InvitationsFrame => f.type === 'invitations'

describeOnEachStore('invitations', (storeEnv) => {
  let server: TestServer
  const clients: TestClient[] = []

  beforeEach(async () => {
    server = await startServer(storeEnv())
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

  async function hostedRoom() {
    const { roomId, creatorToken } = await createHostedRoom(server.baseUrl)
    const host = await join(roomId, 'Hana', { creator_token: creatorToken })
    expect(await host.client.next(isList)).toEqual({ type: 'invitations', open: [] })
    return { roomId, host: host.client }
  }

  async function invite(host: TestClient, label?: string): Promise<InvitationFrame> {
    host.send({ type: 'invite', ...(label && { label }), client_id: 'i1' })
    // The answer and the new list come in either order (the list is a room event).
    const made = await host.next(isInvitation)
    const lists = (f: ServerFrame) => isList(f) && f.open.some((i) => i.id === made.id)
    if (!host.frames.some(lists)) await host.next(lists)
    return made
  }

  const status = async (roomId: string, token: string) =>
    (
      (await (
        await fetch(`${server.baseUrl}/api/rooms/${roomId}/invitation`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        })
      ).json()) as { state: string }
    ).state

  it('admits one newcomer once; a second one is told it was used', async () => {
    const { roomId, host } = await hostedRoom()
    const guest = await join(roomId, 'Gus')
    const made = await invite(host, '  for Dana\u202e ')
    expect(made).toMatchObject({ label: 'for Dana', client_id: 'i1' })
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(host.frames.filter(isList).at(-1)?.open).toEqual([
      { id: made.id, label: 'for Dana', created_at: made.created_at },
    ])
    // Looking it up, as often as anyone likes, never spends it.
    expect(await status(roomId, made.token)).toBe('open')
    expect(await status(roomId, made.token)).toBe('open')
    expect(await status(roomId, 'A'.repeat(32))).toBe('invalid')

    const dana = await join(roomId, 'Dana', {
      invitation: made.token,
      browser_token: browserToken(),
    })
    expect(dana.joined.host).toBe(false)
    await host.next((f) => isList(f) && f.open.length === 0)
    expect(await status(roomId, made.token)).toBe('used')
    const eve = await refusedJoin(server.wsUrl(roomId), 'Eve', { invitation: made.token })
    expect(eve.error.code).toBe('invitation_used')
    expect(eve.close.code).toBe(CLOSE_CODES.NOT_INVITED)
    // Nobody but the host ever sees an invitation, its token or its label.
    for (const c of [guest.client, dana.client]) {
      expect(c.frames.some((f) => f.type === 'invitations' || f.type === 'invitation')).toBe(false)
      expect(JSON.stringify(c.frames)).not.toContain('Dana\u202e')
    }
  })

  it('revokes an open invitation, and refuses every invitation power to a guest', async () => {
    const { roomId, host } = await hostedRoom()
    const made = await invite(host)
    host.send({ type: 'revoke_invitation', id: made.id })
    await host.next((f) => isList(f) && f.open.length === 0)
    host.send({ type: 'revoke_invitation', id: made.id })
    expect((await host.nextError()).code).toBe('invitation_invalid')
    expect(await status(roomId, made.token)).toBe('revoked')
    const refused = await refusedJoin(server.wsUrl(roomId), 'Dana', { invitation: made.token })
    expect(refused.error.code).toBe('invitation_revoked')

    const guest = await join(roomId, 'Gus')
    for (const frame of [
      { type: 'invite' },
      { type: 'revoke_invitation', id: made.id },
      { type: 'invitation_only', enabled: true },
    ]) {
      guest.client.send(frame)
      expect((await guest.client.nextError()).code).toBe('not_host')
    }
  })

  it('invitation only: the link alone admits nobody new; invitees and members back do', async () => {
    const { roomId, host } = await hostedRoom()
    const gusBrowser = browserToken()
    const gus = await join(roomId, 'Gus', { browser_token: gusBrowser })
    host.send({ type: 'invitation_only', enabled: true })
    for (const c of [host, gus.client]) {
      expect(await c.next((f) => f.type === 'room_state')).toEqual({
        type: 'room_state',
        locked: false,
        invitation_only: true,
      })
    }
    const info = (await (await fetch(`${server.baseUrl}/api/rooms/${roomId}`)).json()) as RoomInfo
    expect(info.invitation_only).toBe(true)

    const stranger = await refusedJoin(server.wsUrl(roomId), 'Sid', {
      browser_token: browserToken(),
    })
    expect(stranger.error.code).toBe('invitation_required')
    expect(stranger.close.code).toBe(CLOSE_CODES.NOT_INVITED)

    // Gus drops and comes back from the same browser, under another name even.
    gus.client.close()
    await host.next((f) => f.type === 'system' && f.event === 'leave')
    const back = await join(roomId, 'Gustav', { browser_token: gusBrowser })
    expect(back.joined.room.invitation_only).toBe(true)

    const made = await invite(host, 'Dana')
    const danaBrowser = browserToken()
    const dana = await join(roomId, 'Dana', { invitation: made.token, browser_token: danaBrowser })
    dana.client.close()
    await host.next((f) => f.type === 'system' && f.event === 'leave' && f.name === 'Dana')
    // Her used invitation does not stand in her way back.
    await join(roomId, 'Dana', { invitation: made.token, browser_token: danaBrowser })
  })

  it('a lock wins over an invitation, which stays open', async () => {
    const { roomId, host } = await hostedRoom()
    const made = await invite(host)
    host.send({ type: 'lock' })
    await host.next((f) => f.type === 'room_state')
    const refused = await refusedJoin(server.wsUrl(roomId), 'Dana', { invitation: made.token })
    expect(refused.error.code).toBe('room_locked')
    expect(await status(roomId, made.token)).toBe('open')
    host.send({ type: 'unlock' })
    await host.next((f) => f.type === 'room_state')
    await join(roomId, 'Dana', { invitation: made.token })
  })

  it('refuses a token of the wrong shape, and an invitation of another room', async () => {
    const one = await hostedRoom()
    const two = await hostedRoom()
    const made = await invite(two.host)
    const bad = await refusedJoin(server.wsUrl(one.roomId), 'Dana', { invitation: 'short' })
    expect(bad.error.code).toBe('invitation_invalid')
    const elsewhere = await refusedJoin(server.wsUrl(one.roomId), 'Dana', {
      invitation: made.token,
    })
    expect(elsewhere.error.code).toBe('invitation_invalid')
    expect(await status(two.roomId, made.token)).toBe('open')
  })
})
