/**
 * A client written from the seed README joins and chats unchanged: its example avatar
 * ("afro") and every avatar id of the original service are kept and relayed as sent.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { JoinedFrame, MessageFrame, UsersFrame } from '../../protocol/index.js'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { TestClient } from './support/ws-client.js'
import { SEED_AVATAR_IDS as ORIGINAL_AVATARS } from '../../testkit/seed-avatars.js'

describeOnEachStore('a seed client', (storeEnv) => {
  let server: TestServer
  let roomId: string
  const clients: TestClient[] = []

  beforeEach(async () => {
    server = await startServer(storeEnv())
    roomId = await server.createRoom()
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
  })

  /** Joins with the seed's own frame, sent as the seed README writes it. */
  async function seedJoin(sender: string, avatar: string): Promise<TestClient> {
    const client = await TestClient.connect(server.wsUrl(roomId))
    clients.push(client)
    client.sendRaw(`{"sender":${JSON.stringify(sender)},"avatar":"${avatar}","type":"join"}`)
    const joined = await client.next((f): f is JoinedFrame => f.type === 'joined')
    expect(joined).toMatchObject({ name: sender, avatar })
    return client
  }

  /** The seed's chat frame: sender, avatar, content, timestamp, and no type. */
  function seedChat(client: TestClient, sender: string, avatar: string, content: string): void {
    client.sendRaw(
      `{"sender":${JSON.stringify(sender)},"avatar":"${avatar}","content":${JSON.stringify(content)},"timestamp":"${new Date().toISOString()}"}`,
    )
  }

  it('joins with the seed example {"sender":"Alice","avatar":"afro","type":"join"} and chats', async () => {
    const alice = await seedJoin('Alice', 'afro')
    const users = await alice.next(
      (f): f is UsersFrame => f.type === 'users' && f.content.length === 1,
    )
    expect(users.content).toEqual([{ name: 'Alice', avatar: 'afro' }])
    seedChat(alice, 'Alice', 'afro', 'hello from the seed')
    const relayed = await alice.nextMessage('hello from the seed')
    expect(relayed).toMatchObject({ type: 'message', sender: 'Alice', avatar: 'afro' })
    expect(relayed.id).toBeGreaterThan(0)
  })

  it('keeps and relays each of the original 16 avatar ids unchanged', async () => {
    const watcher = await seedJoin('Watcher', '')
    const members: { name: string; avatar: string }[] = [{ name: 'Watcher', avatar: '' }]
    for (const avatar of ORIGINAL_AVATARS) {
      const name = `User ${avatar}`
      const client = await seedJoin(name, avatar)
      members.push({ name, avatar })
      seedChat(client, name, 'ignored-by-server', `hi, I am ${avatar}`)
      const relayed: MessageFrame = await watcher.nextMessage(`hi, I am ${avatar}`)
      expect(relayed).toMatchObject({ sender: name, avatar })
    }
    const list = await watcher.seen(
      (f) => f.type === 'users' && f.content.length === members.length,
    )
    expect((list as UsersFrame).content).toEqual(members)
  })

  it('still refuses avatars that are not short safe ids', async () => {
    const client = await TestClient.connect(server.wsUrl(roomId))
    clients.push(client)
    for (const avatar of [
      '<img src=x onerror=alert(1)>',
      'a'.repeat(33),
      'Afro',
      'a b',
      42,
      null,
      ['afro'],
    ]) {
      client.send({ type: 'join', sender: 'Mallory', avatar })
      expect((await client.nextError()).code, JSON.stringify(avatar)).toBe('invalid_avatar')
    }
    const { joined } = await client.join('Mallory', { avatar: 'green-cap' })
    expect(joined.avatar).toBe('green-cap')
  })
})
