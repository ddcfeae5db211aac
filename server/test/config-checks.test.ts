/**
 * Start-up checks between variables: settings that each pass on their own but together
 * would break the chat at run time (an inverted lifetime range, chat frames cut with 1009).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { envelopeMaxChars } from '../../protocol/index.js'
import { postRoom } from '../../testkit/rooms.js'
import {
  ConfigError,
  chatFrameMaxBytes,
  largestMessageThatFits,
  loadConfig,
} from '../src/config.js'
import { startServer, type TestServer } from './support/app.js'
import { envelopeOfLength } from './support/envelope.js'
import { TestClient } from './support/ws-client.js'

type Env = Record<string, string>

/** The ConfigError `loadConfig` throws for `env`; fails the test when it accepts it. */
function refusal(env: Env): ConfigError {
  try {
    loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err
    throw err
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`)
}

describe('room lifetimes', () => {
  it('refuses a CHATTY_MAX_ROOM_TTL_SECONDS below the 60-second minimum, naming both', () => {
    // Above the room TTL, so only the 60-second minimum can refuse them.
    for (const max of ['9', '30', '59']) {
      const err = refusal({ CHATTY_ROOM_TTL_SECONDS: '8', CHATTY_MAX_ROOM_TTL_SECONDS: max })
      expect(err.variable).toBe('CHATTY_MAX_ROOM_TTL_SECONDS')
      expect(err.message).toContain('CHATTY_MAX_ROOM_TTL_SECONDS')
      expect(err.message).toMatch(/\b60 seconds\b/)
    }
  })

  it.each<[Env, number, number, number]>([
    [{}, 60, 3600, 3600],
    // Tests' short rooms: no max set, so the one lifetime on offer is the room TTL.
    [{ CHATTY_ROOM_TTL_SECONDS: '8' }, 8, 8, 8],
    [{ CHATTY_ROOM_TTL_SECONDS: '59' }, 59, 59, 59],
    [{ CHATTY_ROOM_TTL_SECONDS: '60' }, 60, 60, 60],
    [{ CHATTY_ROOM_TTL_SECONDS: '8', CHATTY_MAX_ROOM_TTL_SECONDS: '60' }, 60, 60, 8],
    [{ CHATTY_ROOM_TTL_SECONDS: '30', CHATTY_MAX_ROOM_TTL_SECONDS: '7200' }, 60, 7200, 30],
  ])('with %j offers %i to %i seconds (default %i), never min > max', (env, min, max, dflt) => {
    const config = loadConfig(env)
    expect(config.minRoomTtlSeconds).toBe(min)
    expect(config.maxRoomTtlSeconds).toBe(max)
    expect(config.roomTtlSeconds).toBe(dflt)
    expect(config.minRoomTtlSeconds).toBeLessThanOrEqual(config.maxRoomTtlSeconds)
  })
})

/** The fullest chat frame a client within the limits sends, as `JSON.stringify` writes it. */
function fullestChatFrame(messageMaxChars: number, nameMaxChars: number): string {
  return JSON.stringify({
    type: 'message',
    content: envelopeOfLength(envelopeMaxChars(messageMaxChars)),
    // Control characters: JSON's longest escape, 6 bytes each.
    client_id: '\u0001'.repeat(64),
    reply_to: Number.MAX_SAFE_INTEGER,
    // Three UTF-8 bytes a character; the schema takes mentions of at most 64.
    mentions: Array.from({ length: 50 }, () => '€'.repeat(Math.min(nameMaxChars, 64))),
  })
}

describe('the fullest chat frame against CHATTY_MAX_FRAME_BYTES', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it('bounds exactly the fullest frame a client within the limits can send', () => {
    for (const [chars, name] of [
      [4000, 32],
      [100, 10],
      [1, 200],
      [100_000, 1],
    ] as const) {
      const bound = chatFrameMaxBytes(chars, name)
      expect(Buffer.byteLength(fullestChatFrame(chars, name)), `${chars}/${name}`).toBe(bound)
      // A plain room's text, at 3 bytes a character, is always shorter than its envelope.
      const plain = JSON.stringify({ type: 'message', content: '€'.repeat(chars) })
      expect(Buffer.byteLength(plain)).toBeLessThan(bound)
    }
  })

  it('passes the defaults (4000 characters, 64 KiB)', () => {
    const config = loadConfig({})
    expect(config.limits).toMatchObject({ messageMaxChars: 4000, maxFrameBytes: 65536 })
    expect(chatFrameMaxBytes(4000, 32)).toBeLessThanOrEqual(65536)
  })

  it('refuses a message limit whose fullest encrypted frame would be closed with 1009, naming both variables and the longest that fits', () => {
    // 16,000 characters: a 64,042-character envelope, which with the rest passes 64 KiB.
    const err = refusal({ CHATTY_MESSAGE_MAX_CHARS: '16000' })
    expect(err.message).toContain('CHATTY_MESSAGE_MAX_CHARS')
    expect(err.message).toContain('CHATTY_MAX_FRAME_BYTES')
    const fits = largestMessageThatFits(65536, 32)
    expect(err.message).toContain(`at most ${fits}`)
    // That is the edge: one more character would not fit.
    expect(chatFrameMaxBytes(fits, 32)).toBeLessThanOrEqual(65536)
    expect(chatFrameMaxBytes(fits + 1, 32)).toBeGreaterThan(65536)
    expect(loadConfig({ CHATTY_MESSAGE_MAX_CHARS: String(fits) }).limits.messageMaxChars).toBe(fits)
    expect(refusal({ CHATTY_MESSAGE_MAX_CHARS: String(fits + 1) }).message).toContain(
      'CHATTY_MAX_FRAME_BYTES',
    )
    // A frame too small for the name mentions alone: no message length fits.
    const none = refusal({ CHATTY_MAX_FRAME_BYTES: '4096', CHATTY_MESSAGE_MAX_CHARS: '1' })
    expect(none.message).toContain('CHATTY_MAX_FRAME_BYTES')
    expect(none.message).toContain('CHATTY_NAME_MAX_CHARS')
  })

  it('lets the fullest frame of the longest encrypted message through a server at the edge', async () => {
    const chars = largestMessageThatFits(8192, 10)
    server = await startServer({
      CHATTY_MAX_FRAME_BYTES: '8192',
      CHATTY_NAME_MAX_CHARS: '10',
      CHATTY_MESSAGE_MAX_CHARS: String(chars),
    })
    const created = await postRoom(server.baseUrl, { encrypted: true })
    const { client } = await TestClient.join(server.wsUrl(created.body.room_id as string), 'Alice')
    const frame = fullestChatFrame(chars, 10)
    expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(8192)
    client.sendRaw(frame)
    // Parsed and answered (no such message to reply to), not closed with 1009.
    expect((await client.nextError()).code).toBe('reply_not_found')
    const content = envelopeOfLength(envelopeMaxChars(chars))
    client.send({ type: 'message', content, mentions: ['Alice'] })
    expect((await client.nextMessage(content)).mentions).toEqual(['Alice'])
    client.close()
  })
})

describe('CHATTY_TEST_TIMINGS', () => {
  it('sets the timings only tests change, over their old variables', () => {
    const config = loadConfig({
      CHATTY_TEST_TIMINGS: 'heartbeat=1, grace=2,join_timeout=3,rooms_window=4,typing_throttle=0',
      CHATTY_HEARTBEAT_SECONDS: '9',
    })
    expect(config).toMatchObject({
      heartbeatSeconds: 1,
      reconnectGraceSeconds: 2,
      joinTimeoutSeconds: 3,
      roomsWindowSeconds: 4,
      limits: { typingThrottleMs: 0 },
    })
  })

  it('keeps every old variable working as an alias, and takes in-process timings', () => {
    expect(loadConfig({ CHATTY_RECONNECT_GRACE_SECONDS: '7' }).reconnectGraceSeconds).toBe(7)
    expect(loadConfig({}, { heartbeat: 2 }).heartbeatSeconds).toBe(2)
    expect(loadConfig({}).heartbeatSeconds).toBe(5)
  })

  it('names the variable and the key for an unknown key or a bad value', () => {
    expect(() => loadConfig({ CHATTY_TEST_TIMINGS: 'heartbeet=1' })).toThrow(
      /CHATTY_TEST_TIMINGS: expected key=value pairs with keys heartbeat, grace/,
    )
    expect(() => loadConfig({ CHATTY_TEST_TIMINGS: 'grace=-1' })).toThrow(
      /CHATTY_TEST_TIMINGS \(grace\): expected a number from 0 to 3600, got -1/,
    )
  })
})
