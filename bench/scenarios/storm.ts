/**
 * Scenario 8, reconnect storm (issue 25 point 8): one server process holds `stormMembers` idle
 * members in rooms of 10, and a bystander room of 10 that chats at `stormRate` messages/s. The
 * process is stopped with SIGTERM (every member gets close 1012) and started again on the same
 * port, and every member comes back by itself (`client/storm.ts`): the bystanders at once
 * (every 100 ms), the others on the web app's jittered schedule. Reported: each member's time
 * from its close to its `history`, the time from the SIGTERM to the last member back, and the
 * bystanders' latency before, during and after the storm.
 *
 * On Redis the rooms and the members' names outlive the process: every member comes back with
 * its resume token, last id and epoch, as the web app does (the realistic case). The memory
 * store loses its rooms with the process, so as soon as the new one answers the bench creates
 * as many rooms again and hands each member its room's new id; an attempt before that fails,
 * as against a server that is not answering (a browser would show the room as lost). On memory
 * the figures are about admitting a burst of fresh joins, not about resuming.
 */
import { createRooms } from '../../testkit/rooms.js'
import { sleep } from '../../testkit/wait.js'
import type { StormStatus } from '../client/messages.js'
import { percentiles, type Histogram, type Percentiles } from '../lib/histogram.js'
import type { LoadGenerator } from '../lib/load.js'
import { cpuOf, rssBytes } from '../lib/proc-stats.js'
import { populate } from '../lib/rooms.js'
import type { ServerHandle } from '../lib/servers.js'
import type { Scenario } from './context.js'

const ROOM_SIZE = 10
/** The phases the bystanders' messages are tagged with (`client/storm.ts`); 0 stops them. */
const BEFORE = 1
const RESTART = 2
const STORM = 3
const AFTER = 4
/** How long the last deliveries may take to arrive once the bystanders stop. */
const DRAIN_MS = 3000

export interface StormPhase extends Percentiles {
  seconds: number
  sent: number
  /** Deliveries expected: every bystander gets every message (not counted while they are away). */
  expected: number | null
  lost: number | null
}

export interface StormResult {
  members: number
  bystanders: number
  /** `kept`: the rooms outlived the process (Redis); `recreated`: made again after it (memory). */
  rooms: 'kept' | 'recreated'
  /** Storm members back after the restart, and bystanders. */
  back: number
  bystandersBack: number
  /** Close codes the joined members saw (all 1012 when the restart went as it should). */
  closes: Record<string, number>
  /** Connection attempts per storm member (1 = back at the first), and those that failed. */
  attemptsPerMember: number
  failedAttempts: number
  /** From the SIGTERM: the old process gone, the new one answering, the rooms made again (memory). */
  exitedMs: number
  upMs: number
  roomsMs: number | null
  bystandersBackMs: number | null
  /** From the SIGTERM to the last storm member back: the time to all (null: not all came back). */
  allBackMs: number | null
  /** Each storm member's time from its close to `history` again. */
  rejoin: Percentiles
  bystanderRejoin: Percentiles
  before: StormPhase
  /** The SIGTERM until every bystander is back: the few messages of those already back. */
  restart: StormPhase
  /** Every bystander back until every member is. */
  storm: StormPhase
  after: StormPhase
  /** The new process's CPU over the storm (answering → all back), as a share of one core. */
  serverCpuShare: number
  redisCpuSeconds: number
  rssAfterBytes: number
}

/** Polls the workers until `done` or the deadline (epoch ms); returns the last status. */
async function until(
  load: LoadGenerator,
  deadline: number,
  done: (s: StormStatus) => boolean,
): Promise<StormStatus> {
  for (;;) {
    const status = await load.stormStatus()
    if (done(status) || Date.now() > deadline) return status
    await sleep(50)
  }
}

function phase(
  histogram: Histogram,
  seconds: number,
  sent: number,
  received: number,
  counted: boolean,
): StormPhase {
  const expected = counted ? sent * ROOM_SIZE : null
  return {
    ...percentiles(histogram),
    seconds: Math.round(seconds * 10) / 10,
    sent,
    expected,
    lost: expected === null ? null : Math.max(0, expected - received),
  }
}

export const stormScenario: Scenario = {
  // Chatty's restart and resume; a `--baseline` build speaks the same protocol.
  kinds: (requested) => requested.filter((k) => k === 'chatty' || k === 'baseline'),
  async run(kind, ctx, problems) {
    const { settings, load } = ctx
    const members = settings.stormMembers
    const memory = ctx.store === 'memory'
    let server: ServerHandle = await ctx.start(kind)
    let armed = false
    try {
      // The bystanders' room first: they are members 0–9.
      const rooms = await createRooms(server.baseUrl, members / ROOM_SIZE + 1)
      const joined = await load.connect(
        kind,
        [server.baseUrl],
        populate(rooms, ROOM_SIZE),
        100,
        600_000,
        true,
      )
      joined.joinTimes.destroy()
      if (joined.failed > 0)
        throw new Error(`${joined.failed} members failed to join: ${joined.firstError}`)
      const bystanders = Array.from({ length: ROOM_SIZE }, (_, i) => i)
      await load.stormArm(bystanders, bystanders, settings.stormRate, memory)
      armed = true
      const chatting = Date.now()
      await sleep(settings.stormBeforeMs)

      await load.stormPhase(RESTART)
      const beforeEnd = Date.now()
      // What was sent before arrives before the SIGTERM, so that its loss check is fair (a
      // message the old process has not sent on yet reaches the members later, in `history`).
      await until(
        load,
        beforeEnd + DRAIN_MS,
        (s) => s.received[BEFORE]! >= s.sent[BEFORE]! * ROOM_SIZE,
      )
      const term = Date.now()
      await server.stop()
      const exitedMs = Date.now() - term
      server = await ctx.start(kind, undefined, server.port)
      const up = Date.now()
      const cpuBefore = cpuOf([server.pid])
      const redisBefore = ctx.redisPids.length ? cpuOf(ctx.redisPids) : 0
      // On memory, attempts from now on wait for their rooms (made again here).
      let roomsMs: number | null = null
      if (memory) {
        await load.stormUp()
        const again = await createRooms(server.baseUrl, rooms.length)
        await load.stormRooms(Object.fromEntries(rooms.map((id, i) => [id, again[i]!])))
        roomsMs = Date.now() - term
      }
      const deadline = term + settings.stormDeadlineMs
      const fastBack = await until(
        load,
        deadline,
        (s) => s.fastBack >= ROOM_SIZE && s.fastWaiting === 0,
      )
      await load.stormPhase(STORM)
      const stormStart = Date.now()
      const allBack = await until(load, deadline, (s) => s.back >= members && s.waiting === 0)
      const stormEnd = Date.now()
      const cpu = cpuOf([server.pid]) - cpuBefore
      const redisCpu = ctx.redisPids.length ? cpuOf(ctx.redisPids) - redisBefore : 0
      await load.stormPhase(AFTER)
      await sleep(settings.stormAfterMs)
      await load.stormPhase(0)
      const afterEnd = Date.now()

      // Every bystander gets every message sent while all of them were in.
      const counted = [BEFORE, STORM, AFTER]
      const drainUntil = Date.now() + DRAIN_MS
      await until(load, drainUntil, (s) =>
        counted.every((p) => s.received[p]! >= s.sent[p]! * ROOM_SIZE),
      )
      const totals = await load.stormEnd()
      armed = false
      const seconds = [
        0,
        beforeEnd - chatting,
        stormStart - term,
        stormEnd - stormStart,
        afterEnd - stormEnd,
      ]
      const phases = [BEFORE, RESTART, STORM, AFTER].map((p) =>
        phase(
          totals.latencies[p]!,
          seconds[p]! / 1000,
          totals.sent[p]!,
          totals.received[p]!,
          counted.includes(p),
        ),
      )
      const allCameBack = allBack.back >= members && allBack.waiting === 0
      const result: StormResult = {
        members,
        bystanders: ROOM_SIZE,
        rooms: memory ? 'recreated' : 'kept',
        back: totals.back,
        bystandersBack: totals.fastBack,
        closes: totals.closes,
        attemptsPerMember: Math.round((totals.attempts / members) * 100) / 100,
        failedAttempts: totals.failedAttempts,
        exitedMs,
        upMs: up - term,
        roomsMs,
        bystandersBackMs: fastBack.lastFastBackAt ? fastBack.lastFastBackAt - term : null,
        allBackMs: allCameBack ? allBack.lastBackAt - term : null,
        rejoin: percentiles(totals.rejoin),
        bystanderRejoin: percentiles(totals.fastRejoin),
        before: phases[0]!,
        restart: phases[1]!,
        storm: phases[2]!,
        after: phases[3]!,
        serverCpuShare: Math.round((cpu / Math.max(0.001, (stormEnd - up) / 1000)) * 100) / 100,
        redisCpuSeconds: Math.round(redisCpu * 100) / 100,
        rssAfterBytes: rssBytes(server.pid),
      }
      totals.rejoin.destroy()
      totals.fastRejoin.destroy()
      for (const h of totals.latencies) h.destroy()
      if (!allCameBack)
        problems.push(
          `storm on ${kind}/${ctx.store}: ${allBack.back}/${members} members back within ` +
            `${settings.stormDeadlineMs / 1000} s of the restart`,
        )
      const s = (ms: number | null) => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`)
      console.log(
        `    ${result.back}/${members} back ${s(result.allBackMs)} after the SIGTERM ` +
          `(up after ${s(result.upMs)}; rejoin p50 ${s(result.rejoin.p50Ms)}, ` +
          `p99 ${s(result.rejoin.p99Ms)}); bystanders p99 ${result.before.p99Ms} ms before, ` +
          `${result.storm.p99Ms} ms during, lost ${result.storm.lost}`,
      )
      return result
    } finally {
      if (armed) await load.stormEnd().catch(() => undefined)
      await load.disconnect().catch(() => undefined)
      await server.stop()
    }
  },
}
