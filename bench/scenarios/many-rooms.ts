/**
 * Scenario 2, many rooms: rooms × 10 members, each member sending one message every 5 s.
 * On Redis, two server processes share the rooms (a room's members alternate between them),
 * so every message crosses Redis to reach half of its room.
 */
import { percentiles } from '../lib/histogram.js'
import { createRooms } from '../../testkit/rooms.js'
import { populate } from '../lib/rooms.js'
import { rssOf } from '../lib/proc-stats.js'
import { runStep, type StepResult } from '../lib/step.js'
import { sleep } from '../../testkit/wait.js'
import { chatServers } from '../lib/servers.js'
import { withServers, type Scenario } from './context.js'

export interface ManyRoomsResult extends StepResult {
  rooms: number
  members: number
  processes: number
  joinP99Ms: number
  rssAfterJoinBytes: number
}

const ROOM_SIZE = 10
const SECONDS_BETWEEN_MESSAGES = 5

export const manyRoomsScenario: Scenario = {
  kinds: chatServers,
  async run(kind, ctx) {
    const processes = ctx.store === 'memory' ? 1 : 2
    const roomCount = ctx.settings.manyRooms
    return withServers(
      ctx,
      kind,
      processes,
      undefined,
      async (servers): Promise<ManyRoomsResult> => {
        const rooms = await createRooms(servers[0]!.baseUrl, roomCount)
        const bases = servers.map((s) => s.baseUrl)
        const joined = await ctx.load.connect(kind, bases, populate(rooms, ROOM_SIZE), 100)
        if (joined.failed > 0)
          throw new Error(`${joined.failed} members failed to join: ${joined.firstError}`)
        const join = percentiles(joined.joinTimes)
        joined.joinTimes.destroy()
        await sleep(500)
        const pids = servers.map((s) => s.pid)
        const rssAfterJoinBytes = rssOf(pids)
        const members = roomCount * ROOM_SIZE
        const step = await runStep(ctx.load, {
          step: Date.now(),
          rate: members / SECONDS_BETWEEN_MESSAGES,
          durationMs: ctx.settings.manyRoomsMs,
          publishers: Array.from({ length: members }, (_, i) => i),
          serverPids: pids,
          redisPids: ctx.redisPids,
          drainMs: 5000,
        })
        console.log(
          `    p50 ${step.p50Ms} ms, p99 ${step.p99Ms} ms, lost ${step.lost}, cpu ${step.serverCpuShare}`,
        )
        return {
          ...step,
          rooms: roomCount,
          members,
          processes,
          joinP99Ms: join.p99Ms,
          rssAfterJoinBytes,
        }
      },
    )
  },
}
