/**
 * Host powers across two server processes, on one Redis and on a Redis Cluster: destroy
 * on one closes the members of the other and leaves no key; lock refuses a new join on
 * either; removal closes the member on the other and blocks the rejoin there; the Redis
 * TTLs follow the chosen lifetime.
 */
import { describe, expect, it } from 'vitest'
import { CLOSE_CODES } from '../../protocol/index.js'
import type { ChattyProcess } from '../../testkit/chatty.js'
import { createHostedRoom } from '../../testkit/rooms.js'
import { browserToken, joinAs, refusedJoin } from './support/host.js'
import { REDIS_BACKENDS, twoProcesses } from './support/backends.js'

describe.each(REDIS_BACKENDS)('host powers across two processes on %s', (_name, startBackend) => {
  const processes = twoProcesses(startBackend, { CHATTY_MAX_ROOM_TTL_SECONDS: '7200' })
  const { clients } = processes

  async function join(server: ChattyProcess, roomId: string, name: string, opts = {}) {
    const joined = await joinAs(server.wsUrl(roomId), name, opts)
    clients.push(joined.client)
    return joined.client
  }

  /** Every key on every node, by SCAN, with its value's text when it is a set. */
  async function everyKey(): Promise<{ key: string; pttl: number; members: string[] }[]> {
    const out: { key: string; pttl: number; members: string[] }[] = []
    for (const admin of processes.admins) {
      let cursor = '0'
      do {
        const [next, keys] = await admin.scan(cursor, 'COUNT', 1000)
        for (const key of keys) {
          const type = await admin.type(key).catch(() => 'none')
          const members = type === 'set' ? await admin.smembers(key) : []
          out.push({ key, pttl: await admin.pttl(key), members })
        }
        cursor = next
      } while (cursor !== '0')
    }
    return out
  }

  it('destroy on one process closes the members on the other and leaves no key of the room', async () => {
    const { a, b } = processes
    const { roomId, creatorToken } = await createHostedRoom(a.baseUrl, { ttl_seconds: 600 })
    const host = await join(a, roomId, 'Hana', { creator_token: creatorToken })
    const guest = await join(b, roomId, 'Gus', { browser_token: browserToken() })
    const other = await join(b, roomId, 'Fay')
    host.say('a message to delete')
    await guest.nextMessage('a message to delete')
    const roomKeys = (await everyKey()).filter((k) => k.key.includes(roomId))
    expect(roomKeys.length).toBeGreaterThanOrEqual(4)
    // Every key of the room follows the chosen 10 minutes.
    for (const k of roomKeys) {
      expect(k.pttl).toBeGreaterThan(590_000)
      expect(k.pttl).toBeLessThanOrEqual(600_000)
    }

    const started = Date.now()
    host.send({ type: 'destroy' })
    for (const c of [guest, other, host]) {
      expect((await c.closed).code).toBe(CLOSE_CODES.CLOSED_BY_HOST)
    }
    expect(Date.now() - started).toBeLessThan(2000)
    await expect
      .poll(async () =>
        (await everyKey()).filter(
          (k) => k.key.includes(roomId) || k.members.some((m) => m.includes(roomId)),
        ),
      )
      .toEqual([])
    expect((await fetch(`${b.baseUrl}/api/rooms/${roomId}`)).status).toBe(404)
  })

  it('lock on one process refuses a new join on either, while members stay', async () => {
    const { a, b } = processes
    const { roomId, creatorToken } = await createHostedRoom(a.baseUrl)
    const host = await join(a, roomId, 'Hana', { creator_token: creatorToken })
    const guest = await join(b, roomId, 'Gus')
    host.send({ type: 'lock' })
    await guest.next((f) => f.type === 'room_state' && f.locked)
    for (const server of [a, b]) {
      const refused = await refusedJoin(server.wsUrl(roomId), 'Newcomer')
      expect(refused.close.code).toBe(CLOSE_CODES.ROOM_LOCKED)
    }
    guest.say('still in')
    await host.nextMessage('still in')
  })

  it('removal on one process closes the member on the other and blocks the rejoin there', async () => {
    const { a, b } = processes
    const { roomId, creatorToken } = await createHostedRoom(a.baseUrl)
    const host = await join(a, roomId, 'Hana', { creator_token: creatorToken })
    const token = browserToken()
    const bob = await join(b, roomId, 'Bob', { browser_token: token })
    host.send({ type: 'remove', name: 'Bob' })
    expect((await bob.closed).code).toBe(CLOSE_CODES.REMOVED)
    for (const server of [b, a]) {
      const refused = await refusedJoin(server.wsUrl(roomId), 'Bobby', { browser_token: token })
      expect(refused.error.code).toBe('removed')
      expect(refused.close.code).toBe(CLOSE_CODES.REMOVED)
    }
    // The ban is a key of the room, so it ends with the room.
    const bans = (await everyKey()).find((k) => k.key.includes(roomId) && k.key.endsWith(':bans'))
    expect(bans?.pttl).toBeGreaterThan(3_500_000)
  })
})
