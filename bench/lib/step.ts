/**
 * One measured step: publish at a fixed open-loop rate, wait until every expected delivery
 * has arrived (or the drain time is up: those not arrived are lost), and read what the
 * server spent meanwhile from /proc.
 */
import { percentiles, type Percentiles } from './histogram.js'
import type { LoadGenerator } from './load.js'
import { sleep } from '../../testkit/wait.js'
import { cpuOf, rssOf } from './proc-stats.js'

export interface StepResult extends Percentiles {
  rate: number
  sent: number
  expected: number
  received: number
  lost: number
  /** Deliveries per wall second over the publishing window. */
  deliveriesPerSec: number
  /** Deliveries per second of server CPU (all server processes, from /proc). */
  deliveriesPerCpuSec: number
  serverCpuSeconds: number
  /** CPU seconds redis-server spent meanwhile (Redis runs; not in the per-CPU-second figure). */
  redisCpuSeconds: number
  /** Server CPU use as a share of one core over the step. */
  serverCpuShare: number
  rssBytes: number
  clientLagMs: number
  /** Leave notices the room saw during the step (Chatty only). */
  leaves: number
  /** Frames the server answered with an error (Chatty: too many in flight on one connection). */
  refused: number
  closes: Record<string, number>
}

export interface StepOptions {
  step: number
  rate: number
  durationMs: number
  publishers: number[]
  serverPids: number[]
  /** redis-server processes (every node of a cluster). */
  redisPids?: number[]
  drainMs: number
  padding?: number
}

export async function runStep(load: LoadGenerator, o: StepOptions): Promise<StepResult> {
  const cpuBefore = cpuOf(o.serverPids)
  const redisBefore = o.redisPids?.length ? cpuOf(o.redisPids) : 0
  const started = performance.now()
  const { sent, expected, maxLagMs } = await load.publish(
    o.step,
    o.rate,
    o.durationMs,
    o.publishers,
    o.padding,
  )
  const drainUntil = performance.now() + o.drainMs
  let received = await load.received()
  while (received < expected && performance.now() < drainUntil) {
    await sleep(50)
    received = await load.received()
  }
  const wall = (performance.now() - started) / 1000
  const cpu = cpuOf(o.serverPids) - cpuBefore
  const redisCpu = o.redisPids?.length ? cpuOf(o.redisPids) - redisBefore : 0
  const rss = rssOf(o.serverPids)
  const collected = await load.collect()
  const stats = percentiles(collected.latencies)
  collected.latencies.destroy()
  return {
    ...stats,
    rate: o.rate,
    sent,
    expected,
    received: collected.received,
    lost: Math.max(0, expected - collected.received),
    deliveriesPerSec: Math.round(collected.received / Math.max(wall, o.durationMs / 1000)),
    deliveriesPerCpuSec: cpu > 0 ? Math.round(collected.received / cpu) : 0,
    serverCpuSeconds: Math.round(cpu * 100) / 100,
    redisCpuSeconds: Math.round(redisCpu * 100) / 100,
    serverCpuShare: Math.round((cpu / wall) * 100) / 100,
    rssBytes: rss,
    clientLagMs: Math.round(maxLagMs),
    leaves: collected.leaves,
    refused: collected.refused,
    closes: collected.closes,
  }
}
