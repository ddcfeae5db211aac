/**
 * Scenario 6, soak: the connections scenario's members (20,000, or what the file limit
 * allows) held for `soakMs` with light chatter: every room gets one message every
 * `SECONDS_PER_ROOM_MESSAGE` s, from a member that changes each window. Every window is a
 * measured step with its own loss check. The server samples its own RSS, heap and
 * event-loop delay (`gc-hook.mjs`); the bench counts its file descriptors in /proc. A server
 * that leaks shows it as a slope: the result compares the last quarter with the first.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRooms } from '../../testkit/rooms.js'
import { populate } from '../lib/rooms.js'
import { runStep } from '../lib/step.js'
import { withServers, type Scenario } from './context.js'

const ROOM_SIZE = 10
const SECONDS_PER_ROOM_MESSAGE = 10

export interface SoakSample {
  /** Seconds since the members were all connected. */
  t: number
  rss: number
  heapUsed: number
  fds: number
  eldP99Ms: number
  eldMaxMs: number
}

export interface SoakWindow {
  t: number
  sent: number
  expected: number
  lost: number
  p99Ms: number
}

export interface SoakResult {
  wanted: number
  connected: number
  failed: number
  seconds: number
  messagesPerSecond: number
  sent: number
  expected: number
  lost: number
  samples: SoakSample[]
  windows: SoakWindow[]
  /** After a forced GC, right after connecting and at the end. */
  gcStart: { rss: number; heapUsed: number }
  gcEnd: { rss: number; heapUsed: number }
  /** Mean of the last quarter over the mean of the first quarter (1 = flat). */
  drift: { rss: number; heapUsed: number; fds: number; eldP99: number }
}

function fdCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length
  } catch {
    return 0
  }
}

function drift(samples: SoakSample[], pick: (s: SoakSample) => number): number {
  const q = Math.max(1, Math.floor(samples.length / 4))
  const mean = (xs: SoakSample[]): number => xs.reduce((a, s) => a + pick(s), 0) / xs.length
  const first = mean(samples.slice(0, q))
  return first > 0 ? Math.round((mean(samples.slice(-q)) / first) * 100) / 100 : 0
}

export const soakScenario: Scenario = {
  kinds: (requested) => requested.filter((k) => k === 'chatty'),
  async run(kind, ctx) {
    const { settings } = ctx
    const wanted = settings.connections
    const dir = mkdtempSync(join(tmpdir(), 'chatty-soak-'))
    const sampleFile = join(dir, 'samples.jsonl')
    const env = { BENCH_SAMPLE_FILE: sampleFile, BENCH_SAMPLE_MS: String(settings.soakSampleMs) }
    try {
      return await withServers(ctx, kind, 1, env, async ([server]): Promise<SoakResult> => {
        const pid = server!.pid
        const roomCount = wanted / ROOM_SIZE
        const rooms = await createRooms(server!.baseUrl, roomCount)
        const joined = await ctx.load.connect(kind, [server!.baseUrl], populate(rooms, ROOM_SIZE))
        joined.joinTimes.destroy()
        const gcStart = await server!.gcMemory()
        const started = Date.now()
        rmSync(sampleFile, { force: true })
        const fds: { at: number; n: number }[] = []
        const fdTimer = setInterval(
          () => fds.push({ at: Date.now(), n: fdCount(pid) }),
          settings.soakSampleMs,
        )
        const rate = roomCount / SECONDS_PER_ROOM_MESSAGE
        const windows: SoakWindow[] = []
        for (let w = 0; Date.now() - started < settings.soakMs; w++) {
          const step = await runStep(ctx.load, {
            step: 1_000_000 + w,
            rate,
            durationMs: settings.soakWindowMs,
            // A different member of each room speaks in each window.
            publishers: rooms.map((_, r) => r * ROOM_SIZE + (w % ROOM_SIZE)),
            serverPids: [pid],
            drainMs: 5000,
          })
          windows.push({
            t: Math.round((Date.now() - started) / 1000),
            sent: step.sent,
            expected: step.expected,
            lost: step.lost,
            p99Ms: step.p99Ms,
          })
        }
        clearInterval(fdTimer)
        const gcEnd = await server!.gcMemory()
        const lines = readFileSync(sampleFile, 'utf8').trim().split('\n').filter(Boolean)
        const samples: SoakSample[] = lines.map((line) => {
          const s = JSON.parse(line) as {
            at: number
            rss: number
            heapUsed: number
            eldP99Ms: number
            eldMaxMs: number
          }
          const nearest = fds.reduce(
            (best, f) => (Math.abs(f.at - s.at) < Math.abs(best.at - s.at) ? f : best),
            fds[0] ?? { at: s.at, n: fdCount(pid) },
          )
          return {
            t: Math.round((s.at - started) / 100) / 10,
            rss: s.rss,
            heapUsed: s.heapUsed,
            fds: nearest.n,
            eldP99Ms: Math.round(s.eldP99Ms * 100) / 100,
            eldMaxMs: Math.round(s.eldMaxMs * 100) / 100,
          }
        })
        const sum = (pick: (w: SoakWindow) => number): number =>
          windows.reduce((a, w) => a + pick(w), 0)
        const result: SoakResult = {
          wanted,
          connected: joined.connected,
          failed: joined.failed,
          seconds: Math.round((Date.now() - started) / 1000),
          messagesPerSecond: rate,
          sent: sum((w) => w.sent),
          expected: sum((w) => w.expected),
          lost: sum((w) => w.lost) + joined.failed,
          samples,
          windows,
          gcStart: { rss: gcStart.rss, heapUsed: gcStart.heapUsed },
          gcEnd: { rss: gcEnd.rss, heapUsed: gcEnd.heapUsed },
          drift: {
            rss: drift(samples, (s) => s.rss),
            heapUsed: drift(samples, (s) => s.heapUsed),
            fds: drift(samples, (s) => s.fds),
            eldP99: drift(samples, (s) => s.eldP99Ms),
          },
        }
        console.log(
          `    ${result.connected}/${wanted} held ${result.seconds} s, ${result.expected} deliveries, ` +
            `lost ${result.lost}; drift RSS ${result.drift.rss}× heap ${result.drift.heapUsed}× fds ${result.drift.fds}×`,
        )
        return result
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
