/**
 * Ghost members: a process holding members dies without closing (SIGKILL); the
 * survivors must remove its members within the documented bound (about 3–4 beats).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import type { Member } from '../../../protocol/index.js'
import { DEAD_AFTER_BEATS } from '../../src/store/redis/nodes.js'
import type { RedisStore } from '../../src/store/redis/redis-store.js'
import { eventually, newRoom, record } from './contract-helpers.js'
import { membersOf } from '../../src/store/__tests__/members-of.js'

const GHOST_SCRIPT = fileURLToPath(new URL('../support/ghost-node.ts', import.meta.url))
const HEARTBEAT_SECONDS = 0.25

interface GhostContext {
  url: string
  inspect: Redis
  makeStore: (heartbeatSeconds?: number) => RedisStore
}

/** Starts the ghost process and resolves with it (and its node id) once its member joined. */
export async function spawnGhost(
  url: string,
  roomId: string,
  name: string,
  heartbeatSeconds = HEARTBEAT_SECONDS,
) {
  const child = spawn(process.execPath, ['--import', 'tsx', GHOST_SCRIPT], {
    env: {
      ...process.env,
      REDIS_URL: url,
      ROOM_ID: roomId,
      MEMBER_NAME: name,
      HEARTBEAT_SECONDS: String(heartbeatSeconds),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const nodeId = await new Promise<string>((resolve, reject) => {
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const ready = /^ready (\S+)$/m.exec(out)
      if (ready) resolve(ready[1]!)
    })
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`ghost exited (${code}): ${err}`)))
  })
  return { child, nodeId }
}

export function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}

export function registerGhostTests(context: () => GhostContext): void {
  describe('members of a dead process', () => {
    it('are kept while it beats, and removed within 3–4 heartbeats once it is killed', async () => {
      const { url, inspect, makeStore } = context()
      const survivor = makeStore(HEARTBEAT_SECONDS)
      const reaped: [string, Member[]][] = []
      survivor.onReap((roomId, members) => reaped.push([roomId, members]))
      const room = await newRoom(survivor)
      await survivor.addMember(room, { name: 'Alice', key: 'alice', avatar: '', connId: 'a' }, 10)

      const { child, nodeId } = await spawnGhost(url, room, 'Ghost')
      try {
        const sub = await record(survivor, room)
        const both = [
          { name: 'Alice', avatar: '' },
          { name: 'Ghost', avatar: 'ghost' },
        ]
        expect(await membersOf(survivor, room)).toEqual(both)
        // Alive for well over the dead-after window: its beats must keep it.
        const heartbeatMs = HEARTBEAT_SECONDS * 1000
        await new Promise((resolve) => setTimeout(resolve, (DEAD_AFTER_BEATS + 2) * heartbeatMs))
        expect(await membersOf(survivor, room)).toEqual(both)
        expect(reaped).toEqual([])

        kill(child)
        const killedAt = Date.now()
        await eventually(() => expect(reaped).toHaveLength(1), 10_000)
        const elapsed = Date.now() - killedAt
        // 4 beats is the bound; the rest is slack for a busy machine.
        expect(elapsed).toBeLessThan((DEAD_AFTER_BEATS + 1) * heartbeatMs + 750)

        expect(reaped).toEqual([[room, [{ name: 'Ghost', avatar: 'ghost' }]]])
        expect(await membersOf(survivor, room)).toEqual([{ name: 'Alice', avatar: '' }])
        await eventually(() =>
          expect(sub.frames()).toEqual([
            { type: 'users', sender: '__user_list__', content: [{ name: 'Alice', avatar: '' }] },
          ]),
        )
        expect(await inspect.hexists('chatty:{registry}:nodes', nodeId)).toBe(0)
        expect(await inspect.exists(`chatty:{registry}:node:${nodeId}:rooms`)).toBe(0)
        await sub.stop()
      } finally {
        kill(child)
      }
    })
  })
}
