import Fastify from 'fastify'
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { loggerOptions } from './logger-options.js'
import { roomTag } from './room-tag.js'

const ROOM = 'AbCdEfGhIjKlMnOpQrStUv'

function capture(level = 'debug') {
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  const app = Fastify({ logger: { ...loggerOptions(level), stream } })
  return { app, lines, text: () => JSON.stringify(lines) }
}

describe('logger options', () => {
  it('logs requests as method, route pattern and status: no URL, no id, no address', async () => {
    const { app, lines, text } = capture()
    app.get('/api/rooms/:room_id', async () => ({ ok: true }))
    await app.inject({
      url: `/api/rooms/${ROOM}?x=secret-query`,
      remoteAddress: '10.1.2.3',
      headers: { host: 'chat.example:1234' },
    })
    await app.inject({ url: `/room/${ROOM}`, remoteAddress: '10.1.2.3' })
    const incoming = lines.filter((l) => l.msg === 'incoming request')
    expect(incoming.map((l) => l.req)).toEqual([
      { method: 'GET', route: '/api/rooms/:room_id' },
      { method: 'GET', route: '(no route)' },
    ])
    const completed = lines.filter((l) => l.msg === 'request completed')
    expect(completed.map((l) => (l.res as { statusCode: number }).statusCode)).toEqual([200, 404])
    expect(completed.every((l) => typeof l.responseTime === 'number')).toBe(true)
    for (const secret of [ROOM, '10.1.2.3', 'secret-query', 'chat.example', '1234']) {
      expect(text()).not.toContain(secret)
    }
  })

  it('turns a roomId field, in a line or a child binding, into its tag', () => {
    const { app, lines, text } = capture()
    app.log.info({ roomId: ROOM }, 'room expired')
    app.log.child({ roomId: ROOM }).warn('member dropped')
    expect(lines.map((l) => l.roomId)).toEqual([roomTag(ROOM), roomTag(ROOM)])
    expect(roomTag(ROOM)).toMatch(/^[0-9a-f]{12}$/)
    expect(text()).not.toContain(ROOM)
  })

  it('keeps type, message and code of an error, not what a library hung on it', () => {
    const { app, lines, text } = capture()
    const err = Object.assign(new Error(`ERR script failed for /ws/${ROOM}`), {
      code: 'ERR',
      command: { name: 'evalsha', args: [`chatty:room:${ROOM}`, '{"content":"MARKER"}'] },
      rawPacket: Buffer.from(`GET /room/${ROOM} HTTP/1.1`),
    })
    app.log.error({ err }, 'chat frame failed')
    app.log.error(err)
    app.log.debug(err)
    expect(lines).toHaveLength(3)
    for (const line of lines) {
      const logged = line.err as Record<string, unknown>
      expect(Object.keys(logged).sort()).toEqual(['code', 'message', 'stack', 'type'])
      expect(logged.message).toBe(`ERR script failed for /ws/~${roomTag(ROOM)}`)
    }
    expect(text()).not.toContain(ROOM)
    expect(text()).not.toContain('MARKER')
  })

  it('strips room ids and queries from messages and paths', () => {
    const { app, lines } = capture()
    app.log.warn(
      `Reply was already sent, did you forget to "return reply" in the "/ws/${ROOM}" route?`,
    )
    app.log.info({ path: `/api/rooms/${ROOM}?token=abc` }, 'closed incoming websocket connection')
    expect(lines[0]!.msg).toBe(
      `Reply was already sent, did you forget to "return reply" in the "/ws/~${roomTag(ROOM)}" route?`,
    )
    expect(lines[1]!.path).toBe(`/api/rooms/~${roomTag(ROOM)}?…`)
  })
})
