/**
 * Slow consumers: a room where 5 % of the members stop reading. The rest of the room must
 * keep its latency and lose nothing; the server's memory must stay bounded; Chatty must drop
 * the stalled members (close code 4008 once their unsent bytes pass
 * `CHATTY_MAX_BUFFERED_BYTES`). Messages carry ~4 KB so buffers fill within the step even
 * through the kernel's socket buffers (several MB per connection on loopback).
 */
import { createRooms } from '../../testkit/rooms.js'
import { populate } from '../lib/rooms.js'
import { rssOf } from '../lib/proc-stats.js'
import { runStep, type StepResult } from '../lib/step.js'
import { sleep } from '../../testkit/wait.js'
import { chatServers } from '../lib/servers.js'
import { withServers, type Scenario } from './context.js'

export interface SlowConsumersResult {
  members: number
  stalled: number
  maxBufferedBytes: number
  baseline: StepResult
  withStalled: StepResult
  rssBeforeBytes: number
  rssAfterBytes: number
  /** Stalled members the room was told left (leave notices seen per active member). */
  droppedSeenByRoom: number
  /** Close code each stalled member saw once it read again, counted by code. */
  stalledCloseCodes: Record<string, number>
}

/** Room for ~0.4 s of this scenario's traffic: an active reader never comes near it. */
const MAX_BUFFERED = 1024 * 1024
/** Near Chatty's 4,000-character message limit. */
const PADDING = 3900

export const slowConsumersScenario: Scenario = {
  // The quick run checks Chatty's drop only; the peers' unbounded buffering is for full runs.
  kinds: (requested, settings) =>
    settings.quick ? requested.filter((k) => k === 'chatty') : chatServers(requested),
  async run(kind, ctx) {
    const env = { CHATTY_MAX_BUFFERED_BYTES: String(MAX_BUFFERED) }
    const size = ctx.settings.slowRoomSize
    return withServers(ctx, kind, 1, env, async ([server]): Promise<SlowConsumersResult> => {
      const [room] = await createRooms(server!.baseUrl, 1)
      const joined = await ctx.load.connect(kind, [server!.baseUrl], populate([room!], size), 50)
      joined.joinTimes.destroy()
      if (joined.failed > 0)
        throw new Error(`${joined.failed} members failed to join: ${joined.firstError}`)
      const publishers = Array.from({ length: 10 }, (_, i) => i)
      const stalled = Array.from(
        { length: Math.max(1, Math.round(size * 0.05)) },
        (_, i) => size - 1 - i,
      )
      const step = (
        durationMs: number,
        n: number,
        rate = ctx.settings.slowRate,
      ): Promise<StepResult> =>
        runStep(ctx.load, {
          step: n,
          rate,
          durationMs,
          publishers,
          serverPids: [server!.pid],
          drainMs: 5000,
          padding: PADDING,
        })
      await step(1000, 0, ctx.settings.slowRate / 4)
      const baseline = await step(ctx.settings.slowMs / 2, 1)
      const rssBeforeBytes = rssOf([server!.pid])
      await ctx.load.stall(stalled)
      const withStalled = await step(ctx.settings.slowMs, 2)
      const rssAfterBytes = rssOf([server!.pid])
      await sleep(500)
      const codes = await ctx.load.resume(stalled, 3000)
      const leaves = (await ctx.load.collect()).leaves
      const stalledCloseCodes: Record<string, number> = {}
      for (const code of codes) stalledCloseCodes[code] = (stalledCloseCodes[code] ?? 0) + 1
      const result: SlowConsumersResult = {
        members: size,
        stalled: stalled.length,
        maxBufferedBytes: MAX_BUFFERED,
        baseline,
        withStalled,
        rssBeforeBytes,
        rssAfterBytes,
        droppedSeenByRoom: Math.round((withStalled.leaves + leaves) / (size - stalled.length)),
        stalledCloseCodes,
      }
      console.log(
        `    p99 ${baseline.p99Ms} → ${withStalled.p99Ms} ms, lost ${withStalled.lost}, ` +
          `RSS ${mb(rssBeforeBytes)} → ${mb(rssAfterBytes)} MB, stalled closes ${JSON.stringify(stalledCloseCodes)}`,
      )
      return result
    })
  },
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1)
