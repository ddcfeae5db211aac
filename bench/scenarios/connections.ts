/**
 * Scenario 3, connections: idle members ramped up across rooms of 10; memory per connection
 * is measured after a forced GC in the server (before and after), and one message per room
 * then proves every connection still works.
 */
import { percentiles } from '../lib/histogram.js'
import { createRooms } from '../../testkit/rooms.js'
import { populate } from '../lib/rooms.js'
import { rssBytes } from '../lib/proc-stats.js'
import { runStep } from '../lib/step.js'
import { sleep } from '../../testkit/wait.js'
import { chatServers } from '../lib/servers.js'
import { withServers, type Scenario } from './context.js'

export interface ConnectionsResult {
  wanted: number
  connected: number
  failed: number
  firstError: string | null
  joinSeconds: number
  joinP50Ms: number
  joinP99Ms: number
  rssPerConnectionBytes: number
  heapPerConnectionBytes: number
  rssBytes: number
  /** Of the one message per room sent after the ramp. */
  expected: number
  lost: number
}

const ROOM_SIZE = 10

export const connectionsScenario: Scenario = {
  kinds: chatServers,
  async run(kind, ctx) {
    const wanted = ctx.settings.connections
    return withServers(ctx, kind, 1, undefined, async ([server]): Promise<ConnectionsResult> => {
      const roomCount = wanted / ROOM_SIZE
      const rooms = await createRooms(server!.baseUrl, roomCount)
      const before = await server!.gcMemory()
      const t0 = performance.now()
      const joined = await ctx.load.connect(
        kind,
        [server!.baseUrl],
        populate(rooms, ROOM_SIZE),
        100,
      )
      const joinSeconds = (performance.now() - t0) / 1000
      const join = percentiles(joined.joinTimes)
      joined.joinTimes.destroy()
      await sleep(1000)
      const after = await server!.gcMemory()
      const n = Math.max(1, joined.connected)
      const check = await runStep(ctx.load, {
        step: Date.now(),
        rate: roomCount / 2,
        durationMs: 2000,
        publishers: rooms.map((_, r) => r * ROOM_SIZE),
        serverPids: [server!.pid],
        drainMs: 5000,
      })
      const result: ConnectionsResult = {
        wanted,
        connected: joined.connected,
        failed: joined.failed,
        firstError: joined.firstError,
        joinSeconds: Math.round(joinSeconds * 10) / 10,
        joinP50Ms: join.p50Ms,
        joinP99Ms: join.p99Ms,
        rssPerConnectionBytes: Math.round((after.rss - before.rss) / n),
        heapPerConnectionBytes: Math.round((after.heapUsed - before.heapUsed) / n),
        rssBytes: rssBytes(server!.pid),
        expected: check.expected,
        lost: check.lost + joined.failed,
      }
      console.log(
        `    ${result.connected}/${wanted} joined in ${result.joinSeconds} s, ` +
          `${(result.rssPerConnectionBytes / 1024).toFixed(1)} KB RSS/conn, lost ${result.lost}`,
      )
      return result
    })
  },
}
