/**
 * Nothing left in memory: on the memory store, once a room has expired and garbage was
 * collected, a heap snapshot of the server holds no name or message sent in that room (its
 * members' reconnect grace included: it ends with the room).
 * The same snapshot taken while the room is live does hold them, so the search works.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { startChatty, type ChattyProcess } from '../../testkit/chatty.js'
import { createRoom } from '../../testkit/rooms.js'
import { TestClient } from './support/ws-client.js'

const HOOK = fileURLToPath(new URL('./support/heap-snapshot-hook.mjs', import.meta.url))

/** A string the server cannot have from anywhere but this test's frames. */
const marker = (kind: string): string => `${kind}${randomBytes(8).toString('hex')}`

async function snapshot(server: ChattyProcess): Promise<string> {
  const seen = server.output().match(/heap snapshot written/g)?.length ?? 0
  server.child.kill('SIGUSR2')
  const deadline = Date.now() + 30_000
  for (;;) {
    const files = [...server.output().matchAll(/heap snapshot written: (\S+)/g)]
    if (files.length > seen) return readFileSync(files.at(-1)![1]!, 'utf8')
    if (Date.now() > deadline) throw new Error(`no heap snapshot:\n${server.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

it('holds no name or message of an expired room after a GC', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatty-heap-'))
  const server = await startChatty({
    from: 'source',
    env: {
      NODE_OPTIONS: `--expose-gc --import=${HOOK}`,
      HEAP_SNAPSHOT_DIR: dir,
      CHATTY_ROOM_TTL_SECONDS: '5',
      CHATTY_CLEANUP_INTERVAL_SECONDS: '1',
      CHATTY_TEST_TIMINGS: 'typing_throttle=0',
    },
  })
  const markers = {
    alice: marker('Alice'),
    bob: marker('Bob'),
    hello: marker('hello'),
    reply: marker('reply'),
    clientId: marker('cid'),
  }
  try {
    const roomId = await createRoom(server.baseUrl)
    // Both may come back quietly: a member in its reconnect grace is kept for it, but an
    // ended room has nobody to come back to, so nothing of them may wait for the grace.
    const { client: alice } = await TestClient.join(server.wsUrl(roomId), markers.alice, {
      resume: true,
    })
    const { client: bob } = await TestClient.join(server.wsUrl(roomId), markers.bob, {
      resume: true,
    })
    alice.say(`${markers.hello} @${markers.bob}`, {
      mentions: [markers.bob],
      client_id: markers.clientId,
    })
    const hello = await bob.nextMessage()
    bob.say(markers.reply, { reply_to: hello.id })
    await alice.nextMessage(markers.reply)
    bob.send({ type: 'typing' })
    await alice.next((f) => f.type === 'typing')

    const live = await snapshot(server)
    for (const [kind, value] of Object.entries(markers)) {
      expect(live.includes(value), `${kind} while the room is live`).toBe(true)
    }

    expect((await alice.closed).code).toBe(4001)
    expect((await bob.closed).code).toBe(4001)
    expect((await fetch(`${server.baseUrl}/api/rooms/${roomId}`)).status).toBe(404)

    const after = await snapshot(server)
    for (const [kind, value] of Object.entries(markers)) {
      expect(after.includes(value), `${kind} after the room expired`).toBe(false)
    }
  } finally {
    await server.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
}, 90_000)
