/** Process life: config errors stop the start, SIGTERM closes members with 1012, Redis keeps the room. */
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'
import { startChatty } from '../../testkit/chatty.js'
import { startRedis, type TestRedis } from '../../testkit/redis.js'
import { createRoom } from '../../testkit/rooms.js'
import { TestClient } from './support/ws-client.js'

describe('config', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({
      host: '0.0.0.0',
      port: 8000,
      redisUrl: undefined,
      roomTtlSeconds: 3600,
      cleanupIntervalSeconds: 30,
      limits: { messageMaxChars: 4000, nameMaxChars: 32 },
    })
  })

  it.each([
    ['CHATTY_PORT', 'eighty'],
    ['CHATTY_PORT', '70000'],
    ['CHATTY_ROOM_TTL_SECONDS', '0'],
    ['CHATTY_REDIS_URL', 'http://localhost:6379'],
    ['CHATTY_REDIS_URL', 'not a url'],
    ['CHATTY_MESSAGE_MAX_CHARS', '1.5'],
    ['CHATTY_LOG_LEVEL', 'loud'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError)
    expect(() => loadConfig({ [name]: value })).toThrow(name)
  })

  it('stops the process with a message naming the bad variable', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: { PATH: process.env.PATH, CHATTY_CLEANUP_INTERVAL_SECONDS: 'often' },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('CHATTY_CLEANUP_INTERVAL_SECONDS')
  })
})

describe('graceful shutdown', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(async () => redis.stop())

  it('closes members with 1012 on SIGTERM and exits 0 (memory store)', async () => {
    const server = await startChatty({ from: 'source', env: {} })
    const roomId = await createRoom(server.baseUrl)
    const { client } = await TestClient.join(server.wsUrl(roomId), 'Alice')
    expect(await server.kill('SIGTERM')).toBe(0)
    expect((await client.closed).code).toBe(1012)
  })

  it('exits 0 when a reconnect arrives while it is still closing (answered 503, socket closed)', async () => {
    // Redis paused: the shutdown waits on it, so the reconnect lands mid-close. The socket of
    // that refused upgrade once held the server open until the 10 s fallback (exit 1).
    const server = await startChatty({ from: 'source', env: { CHATTY_REDIS_URL: redis.url } })
    const roomId = await createRoom(server.baseUrl)
    await TestClient.join(server.wsUrl(roomId), 'Alice')
    process.kill(redis.pid, 'SIGSTOP')
    try {
      const exited = server.kill('SIGTERM')
      await new Promise((resolve) => setTimeout(resolve, 300))
      await expect(TestClient.connect(server.wsUrl(roomId))).rejects.toThrow(/503/)
      await new Promise((resolve) => setTimeout(resolve, 500))
      process.kill(redis.pid, 'SIGCONT')
      expect(await exited).toBe(0)
    } finally {
      process.kill(redis.pid, 'SIGCONT')
    }
  })

  it('loses nothing stored across a restart on Redis; a rejoin gets exactly what was missed', async () => {
    const env = { CHATTY_REDIS_URL: redis.url }
    const first = await startChatty({ from: 'source', env })
    const roomId = await createRoom(first.baseUrl)
    const { client: alice } = await TestClient.join(first.wsUrl(roomId), 'Alice')
    alice.say('before restart')
    const seen = await alice.nextMessage('before restart')
    expect(await first.kill('SIGTERM')).toBe(0)
    expect((await alice.closed).code).toBe(1012)

    const second = await startChatty({ from: 'source', env, port: first.port })
    try {
      const { client: bob, history } = await TestClient.join(second.wsUrl(roomId), 'Bob')
      expect(history.messages.map((m) => m.content)).toEqual([
        'Alice joined the chat',
        'before restart',
        'Alice left the chat',
      ])
      bob.say('after restart')
      await bob.nextMessage('after restart')
      const { client: alice2, history: missed } = await TestClient.join(
        second.wsUrl(roomId),
        'Alice',
        {
          last_id: seen.id,
        },
      )
      expect(missed.messages.map((m) => m.content)).toEqual([
        'Alice left the chat',
        'Bob joined the chat',
        'after restart',
      ])
      alice2.close()
      bob.close()
    } finally {
      await second.kill('SIGKILL')
    }
  })
  it('is quiet across a restart on Redis: members with a resume token come back with no left or joined line', async () => {
    const env = { CHATTY_REDIS_URL: redis.url, CHATTY_TEST_TIMINGS: 'heartbeat=1,grace=30' }
    const first = await startChatty({ from: 'source', env })
    const roomId = await createRoom(first.baseUrl)
    const alice = await TestClient.join(first.wsUrl(roomId), 'Alice', { resume: true })
    const bob = await TestClient.join(first.wsUrl(roomId), 'Bob', { resume: true })
    bob.client.say('before restart')
    const seen = await alice.client.nextMessage('before restart')
    expect(await first.kill('SIGTERM')).toBe(0)
    expect((await alice.client.closed).code).toBe(1012)

    const second = await startChatty({ from: 'source', env, port: first.port })
    try {
      const back = { resume: true, last_id: seen.id, epoch: alice.joined.epoch! }
      const alice2 = await TestClient.join(second.wsUrl(roomId), 'Alice', {
        ...back,
        resume_token: alice.joined.resume_token!,
      })
      // Nothing happened while the server restarted: no left line, no joined line.
      expect(alice2.joined.recovered).toBe(true)
      expect(alice2.history.messages).toEqual([])
      alice2.client.say('after restart')
      const after = await alice2.client.nextMessage('after restart')
      const { history } = await TestClient.join(second.wsUrl(roomId), 'Carol')
      expect(history.messages.map((m) => m.content)).toEqual([
        'Alice joined the chat',
        'Bob joined the chat',
        'before restart',
        'after restart',
      ])
      // Bob never came back: once the old process is found gone, he is reaped and announced.
      const left = await alice2.client.next(
        (f) => f.type === 'system' && f.content === 'Bob left the chat',
        // Found gone after 3 silent beats, counted from when the new process connected.
        30_000,
      )
      expect(left.type === 'system' && left.id).toBeGreaterThan(after.id)
      alice2.client.close()
    } finally {
      await second.kill('SIGKILL')
    }
  })
})
