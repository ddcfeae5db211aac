/**
 * Scenario 1, fan-out: one room of N members; the open-loop publish rate is stepped up until
 * p99 passes 100 ms or a delivery is lost. The best passing step is the peak; then steps at
 * 25/50/75 % of it give the latency at ordinary load.
 */
import type { Settings } from '../lib/settings.js'
import type { LoadGenerator } from '../lib/load.js'
import { createRooms } from '../../testkit/rooms.js'
import { populate } from '../lib/rooms.js'
import type { ServerHandle } from '../lib/servers.js'
import { runStep, type StepResult } from '../lib/step.js'
import { sleep } from '../../testkit/wait.js'

export interface FanoutResult {
  size: number
  /** Server processes sharing the room (2: members alternate between them, over Redis). */
  processes: number
  /** Time to connect and join every member. */
  joinSeconds: number
  ramp: StepResult[]
  /** The passing ramp step with the most deliveries per second; null if none passed. */
  peak: StepResult | null
  /** Why the ramp stopped. */
  stop: string
  fractions: { fraction: number; step: StepResult }[]
}

const P99_LIMIT_MS = 100

class JoinFailed extends Error {}
let stepCounter = 0

export const passed = (s: StepResult): boolean => s.lost === 0 && s.p99Ms <= P99_LIMIT_MS

export async function fanout(
  servers: ServerHandle[],
  load: LoadGenerator,
  size: number,
  settings: Settings,
  redisPids?: number[],
): Promise<FanoutResult> {
  const pids = servers.map((s) => s.pid)
  const publishers = Array.from({ length: Math.min(size, settings.fanoutPublishers) }, (_, i) => i)
  let joinSeconds = 0
  const join = async (): Promise<void> => {
    const t0 = performance.now()
    const [room] = await createRooms(servers[0]!.baseUrl, 1)
    const bases = servers.map((s) => s.baseUrl)
    const c = await load.connect(
      servers[0]!.kind,
      bases,
      populate([room!], size),
      50,
      settings.joinDeadlineMs,
    )
    joinSeconds = Math.round((performance.now() - t0) / 100) / 10
    c.joinTimes.destroy()
    if (c.failed > 0) throw new JoinFailed(`room not full: ${size - c.failed}/${size} joined`)
    await sleep(300)
  }
  const step = (rate: number): Promise<StepResult> =>
    runStep(load, {
      step: ++stepCounter,
      rate,
      durationMs: settings.stepMs,
      publishers,
      serverPids: pids,
      redisPids,
      drainMs: settings.drainMs,
    })

  // Unrecorded: lets the JIT settle in server and clients before anything counts.
  const warmUp = (): Promise<StepResult> => step(Math.max(1, settings.startDeliveries / size / 5))
  try {
    await join()
  } catch (error) {
    if (!(error instanceof JoinFailed)) throw error
    // A server that cannot fill the room has a result too: this one.
    await load.disconnect()
    return {
      size,
      processes: servers.length,
      joinSeconds,
      ramp: [],
      peak: null,
      stop: error.message,
      fractions: [],
    }
  }
  await warmUp()
  const ramp: StepResult[] = []
  // Very large rooms start gentler: one message already means thousands of writes.
  let rate = Math.max(1, settings.startDeliveries / size / (size >= 5000 ? 5 : 1))
  let stop = 'step limit'
  for (let i = 0; i < settings.maxSteps; i++) {
    let result = await step(rate)
    // The machine is shared: one stall elsewhere can spoil a p99. A step fails on latency only
    // if it fails twice; loss is never retried.
    if (result.lost === 0 && !passed(result)) {
      const again = await step(rate)
      if (again.lost > 0 || again.p99Ms < result.p99Ms) result = again
    }
    ramp.push(result)
    if (!passed(result)) {
      stop =
        result.refused > 0
          ? `${result.refused} refused`
          : result.lost > 0
            ? `loss (${result.lost})`
            : `p99 ${result.p99Ms} ms`
      break
    }
    rate *= settings.stepFactor
  }
  const good = ramp.filter(passed)
  const peak = good.reduce<StepResult | null>(
    (best, s) => (!best || s.deliveriesPerSec > best.deliveriesPerSec ? s : best),
    null,
  )
  const fractions: FanoutResult['fractions'] = []
  if (peak) {
    if (!passed(ramp.at(-1)!)) {
      // An overloaded server may still hold a backlog or have dropped members: start afresh.
      await load.disconnect()
      await sleep(1000)
      await join()
      await warmUp()
    }
    for (const fraction of settings.fractions)
      fractions.push({ fraction, step: await step(peak.rate * fraction) })
  }
  await load.disconnect()
  return { size, processes: servers.length, joinSeconds, ramp, peak, stop, fractions }
}
