/**
 * Room access across two server processes, on one Redis and on a Redis Cluster: an invitation
 * made on one is spent by a join on the other, whose host sees it go; the second join with it
 * is refused on either; invitation only and a password hold on both; every key of it ends
 * with the room.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  CLOSE_CODES,
  type InvitationFrame,
  type InvitationsFrame,
  type ServerFrame,
} from '../../protocol/index.js'
import type { ChattyProcess } from '../../testkit/chatty.js'
import { createHostedRoom } from '../../testkit/rooms.js'
import { browserToken, joinAs, refusedJoin } from './support/host.js'
import { REDIS_BACKENDS, twoProcesses } from './support/backends.js'

const isInvitation = (f: ServerFrame): f is InvitationFrame => f.type === 'invitation'
const isList = (f: ServerFrame): f is InvitationsFrame => f.type === 'invitations'

describe.each(REDIS_BACKENDS)('room access across two processes on %s', (_name, startBackend) => {
  const processes = twoProcesses(startBackend)
  const { clients } = processes

  async function join(server: ChattyProcess, roomId: string, name: string, opts = {}) {
    const joined = await joinAs(server.wsUrl(roomId), name, opts)
    clients.push(joined.client)
    return joined.client
  }

  it('an invitation made on one process is spent on the other, once', async () => {
    const { a, b } = processes
    const { roomId, creatorToken } = await createHostedRoom(a.baseUrl)
    const host = await join(a, roomId, 'Hana', { creator_token: creatorToken })
    host.send({ type: 'invite', label: 'Dana' })
    const made = await host.next(isInvitation)
    await host.seen((f) => isList(f) && f.open.length === 1)

    host.send({ type: 'invitation_only', enabled: true })
    await host.next((f) => f.type === 'room_state')
    const stranger = await refusedJoin(b.wsUrl(roomId), 'Sid', { browser_token: browserToken() })
    expect(stranger.error.code).toBe('invitation_required')

    await join(b, roomId, 'Dana', { invitation: made.token, browser_token: browserToken() })
    await host.next((f) => isList(f) && f.open.length === 0)
    for (const server of [a, b]) {
      const again = await refusedJoin(server.wsUrl(roomId), 'Eve', { invitation: made.token })
      expect(again.error.code).toBe('invitation_used')
      expect(again.close.code).toBe(CLOSE_CODES.NOT_INVITED)
    }

    // Every key of the room, the invitations' included, ends with the room.
    const keys: { key: string; pttl: number }[] = []
    for (const admin of processes.admins) {
      for (const key of await admin.keys(`*${roomId}*`))
        keys.push({ key, pttl: await admin.pttl(key) })
    }
    expect(keys.map((k) => k.key)).toEqual(
      expect.arrayContaining([expect.stringContaining(':invitations')]),
    )
    for (const { key, pttl } of keys) expect(pttl, key).toBeGreaterThan(0)
  })

  it('a password made on one process is checked on the other', async () => {
    const { a, b } = processes
    const check = `kc2:${randomBytes(32).toString('base64url')}`
    const kdf = {
      name: 'argon2id',
      salt: randomBytes(16).toString('base64url'),
      memory_kib: 65536,
      iterations: 3,
      parallelism: 1,
    }
    const { roomId } = await createHostedRoom(a.baseUrl, {
      encrypted: true,
      password_kdf: kdf,
      password_check: check,
    })
    const wrong = await refusedJoin(b.wsUrl(roomId), 'Gus', {
      password_check: `kc2:${randomBytes(32).toString('base64url')}`,
    })
    expect(wrong.error.code).toBe('wrong_password')
    await join(b, roomId, 'Gus', { password_check: check })
  })
})
