/**
 * Logs hold no secrets: a real server process at `debug` runs a whole session (create,
 * info, the room page, join, chat, mention, reply, typing, bad frames, a refused
 * origin, an unknown room, rate-limited creates, a password room, an invitation, leave,
 * expiry, shutdown), with markers
 * in every name and message. No log line may hold a marker, a room id or the client's
 * address (the socket's, 127.0.0.3, and the one a trusted proxy forwarded).
 */
import http from 'node:http'
import { expect, it } from 'vitest'
import { describeOnEachStore } from './stores.js'
import { startChatty, type ChattyProcess } from '../../testkit/chatty.js'
import { upload } from './support/files.js'
import { TestClient } from './support/ws-client.js'
import { createHostedRoom } from '../../testkit/rooms.js'
import type { InvitationFrame } from '../../protocol/index.js'

const CLIENT_ADDRESS = '127.0.0.3'
const FORWARDED_ADDRESS = '10.77.66.55'
const MARK = 'Mk7q'
const ALICE = `Alice${MARK}name1`
const BOB = `Bob${MARK}name2`

interface Reply {
  status: number
  body: string
}

function request(server: ChattyProcess, method: string, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        localAddress: CLIENT_ADDRESS,
        headers: { 'x-forwarded-for': FORWARDED_ADDRESS, 'content-type': 'application/json' },
      },
      (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end(method === 'POST' ? `{"note":"${MARK}body"}` : undefined)
  })
}

function connect(server: ChattyProcess, roomId: string, origin?: string): Promise<TestClient> {
  const headers: Record<string, string> = { 'x-forwarded-for': FORWARDED_ADDRESS }
  if (origin) headers.origin = origin
  return TestClient.connect(server.wsUrl(roomId), headers, CLIENT_ADDRESS)
}

describeOnEachStore('logs', (storeEnv) => {
  it('hold no content, name, room id or client address at debug level', async () => {
    const server = await startChatty({
      from: 'source',
      env: {
        ...storeEnv(),
        CHATTY_LOG_LEVEL: 'debug',
        CHATTY_TRUST_PROXY: 'true',
        CHATTY_ROOM_TTL_SECONDS: '3',
        CHATTY_CLEANUP_INTERVAL_SECONDS: '1',
        CHATTY_ROOMS_PER_MINUTE: '3',
        CHATTY_TEST_TIMINGS: 'typing_throttle=0',
      },
    })
    const roomIds: string[] = []
    const tokens: string[] = []
    const accessSecrets: string[] = []
    const blobs: string[] = []
    try {
      const created = await request(server, 'POST', '/api/rooms/')
      expect(created.status).toBe(201)
      const roomId = (JSON.parse(created.body) as { room_id: string }).room_id
      roomIds.push(roomId)
      const unknownId = `Unknown${MARK}Room0123456`
      expect((await request(server, 'GET', `/api/rooms/${roomId}?q=${MARK}q`)).status).toBe(200)
      expect((await request(server, 'GET', `/api/rooms/${unknownId}`)).status).toBe(404)
      await request(server, 'GET', `/room/${roomId}`)
      await request(server, 'HEAD', `/room/${roomId}`)
      expect((await request(server, 'GET', `/ws/${roomId}`)).status).toBe(426)
      expect((await request(server, 'GET', `/api/${MARK}path`)).status).toBe(404)
      // Past the limit of 3 per minute: 429.
      for (let i = 0; i < 2; i++) {
        const more = await request(server, 'POST', '/api/rooms/')
        roomIds.push((JSON.parse(more.body) as { room_id: string }).room_id)
      }
      expect((await request(server, 'POST', '/api/rooms/')).status).toBe(429)

      const alice = await connect(server, roomId)
      const { joined } = await alice.join(ALICE, { avatar: 'fox', resume: true })
      tokens.push(joined.resume_token!)
      const bob = await connect(server, roomId)
      await bob.join(BOB, { avatar: 'owl' })
      alice.say(`hello ${MARK}content @${BOB}`, { mentions: [BOB], client_id: `${MARK}cid` })
      const first = await bob.nextMessage()
      bob.say(`${MARK}reply`, { reply_to: first.id })
      await alice.nextMessage(`${MARK}reply`)
      bob.send({ type: 'typing' })
      await alice.next((f) => f.type === 'typing')
      const bytes = Buffer.from(`${MARK}file bytes`)
      const blob = await upload(alice, server.baseUrl, roomId, bytes)
      blobs.push(blob)
      alice.send({
        content: `${MARK}caption`,
        file: { blob, name: `${MARK}.pdf`, size: bytes.length },
      })
      await bob.next((f) => f.type === 'message' && f.file?.blob === blob)
      expect((await fetch(`${server.baseUrl}/api/rooms/${roomId}/files/${blob}`)).status).toBe(200)
      const wrongToken = await fetch(
        `${server.baseUrl}/api/rooms/${roomId}/files/${blob}/chunks/0`,
        {
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${MARK}` },
          body: Buffer.from('x'),
        },
      )
      expect(wrongToken.status).toBe(403)
      alice.sendRaw(`{"content": "${MARK}badjson`)
      expect((await alice.nextError()).code).toBe('bad_json')
      alice.send({ type: `${MARK}type`, content: `${MARK}unknown` })
      await alice.nextError()
      alice.say(`${MARK}long`.repeat(2000))
      expect((await alice.nextError()).code).toBe('message_too_long')
      const taken = await connect(server, roomId)
      taken.send({ type: 'join', sender: ALICE, avatar: 'fox' })
      expect((await taken.nextError()).code).toBe('name_taken')
      taken.send({ type: 'join', sender: ALICE, resume_token: `${MARK}token` })
      expect((await taken.nextError()).code).toBe('name_taken')
      taken.close()

      // A password room and an invitation: neither password nor token nor label is logged.
      const pw = await createHostedRoom(server.baseUrl, { password: `${MARK}secret` })
      accessSecrets.push(pw.roomId, pw.creatorToken)
      const hana = await connect(server, pw.roomId)
      hana.send({ type: 'join', sender: `Hana${MARK}`, creator_token: pw.creatorToken })
      await hana.next((f) => f.type === 'history')
      hana.send({ type: 'invite', label: `${MARK}label` })
      const made = await hana.next((f): f is InvitationFrame => f.type === 'invitation')
      accessSecrets.push(made.token)
      const guess = await connect(server, pw.roomId)
      guess.send({ type: 'join', sender: 'Gina', password: `${MARK}wrong` })
      expect((await guess.nextError()).code).toBe('wrong_password')
      const tried = await fetch(`${server.baseUrl}/api/rooms/${pw.roomId}/access`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ password: `${MARK}wrong` }),
      })
      expect(tried.status).toBe(403)
      const gina = await connect(server, pw.roomId)
      gina.send({ type: 'join', sender: 'Gina', password: `${MARK}secret`, invitation: made.token })
      await gina.next((f) => f.type === 'joined')
      gina.close()
      hana.close()

      // The origin is logged (it is a site, not a person), so it carries no marker here.
      const refused = await connect(server, roomId, 'http://elsewhere.example')
      expect((await refused.closed).code).toBe(4003)
      const lost = await connect(server, unknownId)
      expect((await lost.closed).code).toBe(4004)
      // An upgrade where no socket is served: @fastify/websocket logs its path.
      const stray = await TestClient.connect(
        `ws://127.0.0.1:${server.port}/room/${roomId}`,
        {},
        CLIENT_ADDRESS,
      ).catch(() => undefined)
      if (stray) await stray.closed

      bob.close()
      await alice.next((f) => f.type === 'system' && f.event === 'leave')
      expect((await alice.closed).code).toBe(4001)
    } finally {
      await server.kill('SIGTERM')
    }

    const output = server.output()
    if (process.env.SHOW_LOGS) console.error(output)
    const lines = output.split('\n').filter((line) => line.trim() !== '')
    const logs = lines.map((line) => JSON.parse(line) as Record<string, unknown>)

    expect(roomIds).toHaveLength(3)
    expect(tokens[0]).toMatch(/^[\w-]{32,}$/)
    expect(accessSecrets).toHaveLength(3)
    const secrets = [
      MARK,
      ...roomIds,
      ...tokens,
      ...blobs,
      ...accessSecrets,
      CLIENT_ADDRESS,
      FORWARDED_ADDRESS,
    ]
    for (const secret of [...secrets, 'remoteAddress', 'remotePort']) {
      expect(output, secret).not.toContain(secret)
    }
    // The session was logged: requests by route pattern, the room's lines by one tag.
    const routes = new Set(logs.map((l) => (l.req as { route?: string } | undefined)?.route))
    expect(routes).toContain('/api/rooms/')
    expect(routes).toContain('/api/rooms/:room_id')
    expect(routes).toContain('/ws/:room_id')
    expect(logs.filter((l) => l.msg === 'request completed').length).toBeGreaterThanOrEqual(10)
    const expired = logs.find((l) => l.msg === 'room expired')
    const refusedLine = logs.find((l) => l.msg === 'websocket origin refused')
    expect(expired?.roomId).toMatch(/^[0-9a-f]{12}$/)
    expect(refusedLine?.roomId).toBe(expired?.roomId)
  }, 40_000)
})
