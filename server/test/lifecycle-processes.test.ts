/**
 * A message's life across two server processes, on one Redis and on a Redis Cluster: a
 * deletion, an edit, a reaction and the room's default timer made through one process reach
 * the members of the other, and a member joining through either gets the history as it is now.
 */
import { describe, expect, it } from 'vitest'
import type { MessageFrame, ServerFrame } from '../../protocol/index.js'
import type { ChattyProcess } from '../../testkit/chatty.js'
import { createHostedRoom } from '../../testkit/rooms.js'
import { REDIS_BACKENDS, twoProcesses } from './support/backends.js'
import { TestClient } from './support/ws-client.js'

describe.each(REDIS_BACKENDS)('a message’s life across two processes on %s', (_n, startBackend) => {
  const processes = twoProcesses(startBackend)
  const { clients } = processes

  async function join(server: ChattyProcess, roomId: string, name: string, extra = {}) {
    const joined = await TestClient.join(server.wsUrl(roomId), name, extra)
    clients.push(joined.client)
    return joined
  }

  const ofType =
    <T extends ServerFrame['type']>(type: T) =>
    (f: ServerFrame): f is Extract<ServerFrame, { type: T }> =>
      f.type === type

  it('deletes, edits, reacts and sets the timer through one process for the other', async () => {
    const { a, b } = processes
    const { roomId, creatorToken } = await createHostedRoom(a.baseUrl)
    const { client: ana } = await join(a, roomId, 'Ana')
    const { client: hana } = await join(b, roomId, 'Hana', { creator_token: creatorToken })
    ana.say('the door code is 4711')
    const secret = await hana.nextMessage('the door code is 4711')
    ana.say('see you at the statoin')
    const typo = await hana.nextMessage('see you at the statoin')

    ana.send({ type: 'delete', id: secret.id })
    expect(await hana.next(ofType('deleted'))).toMatchObject({ message_id: secret.id })
    ana.send({ type: 'edit', id: typo.id, content: 'see you at the station' })
    expect(await hana.next(ofType('edited'))).toMatchObject({ content: 'see you at the station' })
    hana.send({ type: 'react', id: typo.id, reaction: '👍' })
    expect((await ana.next(ofType('reactions'))).reactions).toEqual([
      { sender: 'Hana', reaction: '👍' },
    ])
    hana.send({ type: 'room_settings', vanish_seconds: 300 })
    expect(await ana.next(ofType('room_state'))).toMatchObject({ vanish_seconds: 300 })

    for (const server of [a, b]) {
      const { history, joined } = await join(server, roomId, `Late${server.port}`)
      const shown = history.messages.filter((m): m is MessageFrame => m.type === 'message')
      expect(shown.map((m) => m.content)).toEqual(['see you at the station'])
      expect(shown[0]).toMatchObject({
        edited_at: expect.any(String),
        reactions: [{ sender: 'Hana' }],
      })
      expect(joined.room.vanish_seconds).toBe(300)
    }
  })
})
