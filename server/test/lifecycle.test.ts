/**
 * A message's life after it was sent, through a real server on both stores: deleted (by its
 * author, the host, never by another member), edited, reacted to; the room's default timer.
 */
import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { MessageFrame, ServerFrame } from '../../protocol/index.js'
import { describeOnEachStore } from './stores.js'
import { startServer, type TestServer } from './support/app.js'
import { seal } from './support/envelope.js'
import { download, upload } from './support/files.js'
import { TestClient } from './support/ws-client.js'

describeOnEachStore('a message’s life', (env) => {
  let server: TestServer
  const clients: TestClient[] = []

  beforeEach(async () => {
    // Reactions take from the member's message rate; these tests send more than a burst.
    server = await startServer({ ...env(), CHATTY_MESSAGE_BURST: '50' })
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close()
    await server.close()
  })

  async function room(encrypted = false) {
    const res = await fetch(`${server.baseUrl}/api/rooms/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encrypted }),
    })
    return (await res.json()) as { room_id: string; creator_token: string }
  }

  async function join(roomId: string, name: string, extra: Record<string, unknown> = {}) {
    const joined = await TestClient.join(server.wsUrl(roomId), name, extra)
    clients.push(joined.client)
    return joined
  }

  const frameOf =
    <T extends ServerFrame['type']>(type: T) =>
    (f: ServerFrame): f is Extract<ServerFrame, { type: T }> =>
      f.type === type

  it('deletes a message for everyone and from history; only its author or the host may', async () => {
    const { room_id: roomId, creator_token } = await room()
    const host = await join(roomId, 'Hana', { creator_token })
    const ana = await join(roomId, 'Ana')
    const ben = await join(roomId, 'Ben')
    ana.client.say('the door code is 4711')
    const code = await ben.client.nextMessage('the door code is 4711')
    ben.client.say('thanks', { reply_to: code.id })
    const thanks = await ana.client.nextMessage('thanks')

    ben.client.send({ type: 'delete', id: code.id })
    expect(await ben.client.nextError()).toMatchObject({ code: 'not_author' })
    ana.client.send({ type: 'delete', id: code.id })
    expect(await ben.client.next(frameOf('deleted'))).toEqual({
      type: 'deleted',
      message_id: code.id,
      by: 'author',
    })
    ana.client.send({ type: 'delete', id: code.id })
    expect(await ana.client.nextError()).toMatchObject({ code: 'message_not_found' })

    host.client.send({ type: 'delete', id: thanks.id })
    expect(await ana.client.next(frameOf('deleted'))).toMatchObject({
      message_id: thanks.id,
      by: 'host',
    })
    const late = await join(roomId, 'Cy')
    const texts = late.history.messages.map((m) => m.content).join('\n')
    expect(texts).not.toContain('4711')
    expect(texts).not.toContain('thanks')
  })

  it('turns quotes of a deleted message into quotes of nothing', async () => {
    const { room_id: roomId } = await room()
    const ana = await join(roomId, 'Ana')
    const ben = await join(roomId, 'Ben')
    ana.client.say('oops, wrong chat')
    const oops = await ben.client.nextMessage('oops, wrong chat')
    ben.client.say('what?', { reply_to: oops.id })
    await ana.client.nextMessage('what?')
    ana.client.send({ type: 'delete', id: oops.id })
    await ben.client.next(frameOf('deleted'))
    const late = await join(roomId, 'Cy')
    const reply = late.history.messages.find((m) => m.content === 'what?') as MessageFrame
    expect(reply.reply_to).toEqual({ id: oops.id, sender: 'Ana', deleted: true })
  })

  it('takes a file away with its message', async () => {
    const { room_id: roomId } = await room()
    const ana = await join(roomId, 'Ana')
    const blob = await upload(ana.client, server.baseUrl, roomId, randomBytes(1000))
    ana.client.send({ content: '', file: { blob, name: 'a.bin', size: 1000 } })
    const sent = await ana.client.next((f) => f.type === 'message' && f.file?.blob === blob)
    ana.client.send({ type: 'delete', id: (sent as MessageFrame).id })
    await ana.client.next(frameOf('deleted'))
    expect((await download(server.baseUrl, roomId, blob)).res.status).toBe(404)
  })

  it('edits one’s own message everywhere, replies’ quotes included, and no one else’s', async () => {
    const { room_id: roomId } = await room()
    const ana = await join(roomId, 'Ana')
    const ben = await join(roomId, 'Ben')
    ana.client.say('meet at the statoin')
    const typo = await ben.client.nextMessage('meet at the statoin')
    ben.client.say('which one?', { reply_to: typo.id })
    await ana.client.nextMessage('which one?')

    ben.client.send({ type: 'edit', id: typo.id, content: 'meet at mine' })
    expect(await ben.client.nextError()).toMatchObject({ code: 'not_author' })
    ana.client.send({ type: 'edit', id: typo.id, content: '   ' })
    expect(await ana.client.nextError()).toMatchObject({ code: 'empty_message' })
    ana.client.send({ type: 'edit', id: typo.id, content: 'meet at the station' })
    expect(await ben.client.next(frameOf('edited'))).toMatchObject({
      message_id: typo.id,
      content: 'meet at the station',
      edited_at: expect.any(String),
    })
    const late = await join(roomId, 'Cy')
    const all = JSON.stringify(late.history.messages)
    expect(all).not.toContain('statoin')
    const reply = late.history.messages.find((m) => m.content === 'which one?') as MessageFrame
    expect(reply.reply_to?.excerpt).toBe('meet at the station')
  })

  it('counts reactions, takes them back, and refuses what is not one emoji', async () => {
    const { room_id: roomId } = await room()
    const ana = await join(roomId, 'Ana')
    const ben = await join(roomId, 'Ben')
    ana.client.say('pizza?')
    const pizza = await ben.client.nextMessage('pizza?')
    ben.client.send({ type: 'react', id: pizza.id, reaction: '👍' })
    expect(await ana.client.next(frameOf('reactions'))).toEqual({
      type: 'reactions',
      message_id: pizza.id,
      reactions: [{ sender: 'Ben', reaction: '👍' }],
    })
    await ben.client.next(frameOf('reactions'))
    ana.client.send({ type: 'react', id: pizza.id, reaction: '👍🏽' })
    expect((await ben.client.next(frameOf('reactions'))).reactions).toHaveLength(2)
    await ana.client.next(frameOf('reactions'))
    ben.client.send({ type: 'react', id: pizza.id, reaction: '👍', remove: true })
    await ben.client.next(frameOf('reactions'))
    expect((await ana.client.next(frameOf('reactions'))).reactions).toEqual([
      { sender: 'Ana', reaction: '👍🏽' },
    ])
    for (const bad of ['yes', '👍 nice', '', '<b>']) {
      ben.client.send({ type: 'react', id: pizza.id, reaction: bad })
      expect((await ben.client.nextError()).code, bad).toBe('invalid_reaction')
    }
    ben.client.send({ type: 'react', id: 9999, reaction: '👍' })
    expect(await ben.client.nextError()).toMatchObject({ code: 'message_not_found' })
    for (const emoji of ['😀', '😂', '😮', '😢', '🙏', '❤️']) {
      ben.client.send({ type: 'react', id: pizza.id, reaction: emoji })
      await ana.client.next(frameOf('reactions'))
    }
    ben.client.send({ type: 'react', id: pizza.id, reaction: '🎉' })
    expect(await ben.client.nextError()).toMatchObject({ code: 'too_many_reactions' })
    const late = await join(roomId, 'Cy')
    const kept = late.history.messages.find((m) => m.id === pizza.id) as MessageFrame
    expect(kept.reactions).toHaveLength(7)
  })

  it('keeps an encrypted room’s reactions sealed', async () => {
    const { room_id: roomId } = await room(true)
    const key = randomBytes(32)
    const ana = await join(roomId, 'Ana')
    const ben = await join(roomId, 'Ben')
    ana.client.send({ content: seal(key, { room: roomId, sender: 'Ana' }, 'pizza?') })
    const pizza = (await ben.client.next(frameOf('message'))) as MessageFrame
    ben.client.send({ type: 'react', id: pizza.id, reaction: '👍' })
    expect(await ben.client.nextError()).toMatchObject({ code: 'invalid_reaction' })
    // The server cannot open it: any well-formed envelope is a reaction to it.
    const sealed = seal(key, { room: roomId, sender: 'Ben' }, '👍')
    ben.client.send({ type: 'react', id: pizza.id, reaction: sealed })
    expect((await ana.client.next(frameOf('reactions'))).reactions).toEqual([
      { sender: 'Ben', reaction: sealed },
    ])
  })

  it('gives messages the host’s default timer, or their own, and refuses other timers', async () => {
    const { room_id: roomId, creator_token } = await room()
    const host = await join(roomId, 'Hana', { creator_token })
    const ana = await join(roomId, 'Ana')
    ana.client.send({ type: 'room_settings', vanish_seconds: 60 })
    expect(await ana.client.nextError()).toMatchObject({ code: 'not_host' })
    host.client.send({ type: 'room_settings', vanish_seconds: 45 })
    expect(await host.client.nextError()).toMatchObject({ code: 'invalid_timer' })
    host.client.send({ type: 'room_settings', vanish_seconds: 60 })
    expect(await ana.client.next(frameOf('room_state'))).toEqual({
      type: 'room_state',
      locked: false,
      vanish_seconds: 60,
    })
    // A seed client's message, with no timer of its own, gets the room's.
    const before = Date.now()
    ana.client.sendRaw('{"sender":"Ana","avatar":"","content":"default timer","timestamp":"x"}')
    const timed = await host.client.nextMessage('default timer')
    const left = Date.parse(timed.expires_at!) - before
    expect(left).toBeGreaterThan(55_000)
    expect(left).toBeLessThanOrEqual(61_000)
    ana.client.say('kept', { vanish_seconds: 0 })
    expect((await host.client.nextMessage('kept')).expires_at).toBeUndefined()
    ana.client.say('odd', { vanish_seconds: 31 })
    expect(await ana.client.nextError()).toMatchObject({ code: 'invalid_timer' })
    const late = await join(roomId, 'Cy')
    expect(late.joined.room.vanish_seconds).toBe(60)
  })
})
