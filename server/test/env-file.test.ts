/**
 * `.env` in the working directory, read by the real server process: a missing file is fine,
 * a partial one sets only what it names, the environment wins over it, and a bad value in
 * it stops the start naming the variable (so the file really is read).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startChatty, type ChattyProcess } from '../../testkit/chatty.js'
import { createRoom } from '../../testkit/rooms.js'

async function ttlOfNewRoom(server: ChattyProcess): Promise<number> {
  const id = await createRoom(server.baseUrl)
  const res = await fetch(`${server.baseUrl}/api/rooms/${id}`)
  return ((await res.json()) as { ttl_seconds: number }).ttl_seconds
}

describe('.env file', () => {
  let dir: string
  let server: ChattyProcess | undefined
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'chatty-env-'))
  })
  afterEach(async () => {
    await server?.kill('SIGKILL')
    server = undefined
    await rm(dir, { recursive: true, force: true })
  })

  it('is optional: without one the server starts on the defaults', async () => {
    server = await startChatty({ from: 'source', cwd: dir })
    expect(await ttlOfNewRoom(server)).toBeGreaterThan(3590)
  })

  it('sets what it names; the environment wins over it', async () => {
    await writeFile(
      path.join(dir, '.env'),
      [
        '# only two settings',
        'CHATTY_ROOM_TTL_SECONDS="120" # two minutes',
        // The kit sets CHATTY_LOG_LEVEL=warn in the environment; this value would stop the start.
        'CHATTY_LOG_LEVEL=loud',
        '',
      ].join('\n'),
    )
    server = await startChatty({ from: 'source', cwd: dir })
    const ttl = await ttlOfNewRoom(server)
    expect(ttl).toBeLessThanOrEqual(120)
    expect(ttl).toBeGreaterThan(110)
  })

  it('stops the start naming a bad variable it sets', async () => {
    await writeFile(path.join(dir, '.env'), 'CHATTY_CLEANUP_INTERVAL_SECONDS=often\n')
    await expect(startChatty({ from: 'source', cwd: dir })).rejects.toThrow(
      /exited during start[\s\S]*CHATTY_CLEANUP_INTERVAL_SECONDS/,
    )
  })
})
