/**
 * The fan-out tables: one per store, a row per server (and per process count on Redis),
 * ratio rows against the peers, Redis against memory, and today's Chatty against the
 * `--baseline` build. Redis rows also show what Redis itself spent per message.
 */
import { SERVER_KINDS, SERVER_LABELS, type ServerKind } from '../lib/servers.js'
import type { StepResult } from '../lib/step.js'
import { passed, type FanoutResult } from '../scenarios/fanout.js'
import type { RunResults } from '../scenarios/index.js'
import { ms, num, ratio, table } from './format.js'
import { get, ratioRows } from './rows.js'

const STORES = ['memory', 'redis', 'cluster'] as const

/** Redis CPU per published message, µs. */
export const redisUsPerMessage = (s: StepResult | null | undefined): number | undefined =>
  s && s.sent > 0 && s.redisCpuSeconds > 0 ? (s.redisCpuSeconds * 1e6) / s.sent : undefined

/**
 * The steps of two ramps at the highest rate both passed (no loss, p99 ≤ 100 ms): ramps
 * step through the same rates, so this compares two servers at the same load. An
 * overloaded step is left out: its CPU figures include the backlog it built.
 */
export function sameStep(
  a: FanoutResult | undefined,
  b: FanoutResult | undefined,
): [StepResult, StepResult] | undefined {
  if (!a || !b) return undefined
  let best: [StepResult, StepResult] | undefined
  for (const x of a.ramp) {
    const y = b.ramp.find((s) => Math.abs(s.rate - x.rate) < 1e-6)
    if (!y || !passed(x) || !passed(y)) continue
    if (!best || x.rate > best[0].rate) best = [x, y]
  }
  return best
}

export function fanoutTables(r: RunResults): string[] {
  const out: string[] = []
  for (const store of STORES) {
    const rows: string[][] = []
    for (const size of new Set([...r.settings.fanoutSizes, ...r.settings.redisFanoutSizes])) {
      const find = (kind: ServerKind, inStore: string, processes: number) =>
        get<FanoutResult[]>(r, 'fanout', kind, inStore)?.find(
          (f) => f.size === size && (f.processes ?? 1) === processes,
        )
      const of = (kind: ServerKind) => find(kind, store, 1)
      if (!SERVER_KINDS.some((k) => of(k))) continue
      const lines = SERVER_KINDS.flatMap((kind) =>
        [1, 2].map((processes) => ({ kind, processes, f: find(kind, store, processes) })),
      )
      for (const { kind, processes, f } of lines) {
        if (!f) continue
        const half = f.fractions.find((x) => x.fraction === 0.5)?.step
        rows.push([
          `${size}`,
          `${SERVER_LABELS[kind]}${processes > 1 ? ` ×${processes} proc` : ''}`,
          num(f.peak?.deliveriesPerSec),
          num(f.peak?.deliveriesPerCpuSec),
          store !== 'memory' ? usCell(redisUsPerMessage(f.peak)) : '',
          ms(half?.p50Ms),
          ms(half?.p99Ms),
          ms(half?.p999Ms),
          `${f.joinSeconds}`,
          f.stop,
        ])
      }
      const cells = (kind: ServerKind) => {
        const f = of(kind)
        return [f?.peak?.deliveriesPerSec, f?.peak?.deliveriesPerCpuSec]
      }
      rows.push(...ratioRows(cells, `${size}`))
      const peakRatio = (a: FanoutResult | undefined, b: FanoutResult | undefined) => [
        ratio(a?.peak?.deliveriesPerSec, b?.peak?.deliveriesPerSec),
        ratio(a?.peak?.deliveriesPerCpuSec, b?.peak?.deliveriesPerCpuSec),
      ]
      // At the same step: deliveries per CPU-second, and Redis µs per message (inverted: above 1× = cheaper).
      const stepRatio = (
        label: string,
        a: FanoutResult | undefined,
        b: FanoutResult | undefined,
      ) => {
        const pair = sameStep(a, b)
        if (!pair) return
        const [x, y] = pair
        const rx = redisUsPerMessage(x)
        const ry = redisUsPerMessage(y)
        rows.push([
          `${size}`,
          `${label} @${num(x.rate)} msg/s`,
          '',
          ratio(x.deliveriesPerCpuSec, y.deliveriesPerCpuSec),
          rx !== undefined && ry !== undefined ? `${usCell(rx)} vs ${usCell(ry)}` : '',
        ])
      }
      for (const kind of ['chatty', 'baseline'] as const) {
        const label = SERVER_LABELS[kind]
        if (store === 'cluster') {
          const single = find(kind, 'redis', 1)
          if (single && of(kind)) {
            rows.push([`${size}`, `${label} cluster/Redis`, ...peakRatio(of(kind), single)])
          }
        }
        if (store !== 'memory') {
          const memory = find(kind, 'memory', 1)
          if (memory && of(kind)) {
            rows.push([`${size}`, `${label} Redis/memory`, ...peakRatio(of(kind), memory)])
            stepRatio(`${label} Redis/memory`, of(kind), memory)
          }
          const two = find(kind, store, 2)
          if (two) rows.push([`${size}`, `${label} 2 proc/1 proc`, ...peakRatio(two, of(kind))])
        }
      }
      if (of('baseline')) {
        rows.push([`${size}`, 'Chatty/baseline', ...peakRatio(of('chatty'), of('baseline'))])
        stepRatio('Chatty/baseline', of('chatty'), of('baseline'))
      }
    }
    if (rows.length === 0) continue
    out.push(
      table(
        `Scenario 1 — fan-out, ${store} store (peak = best step with p99 ≤ 100 ms and no loss; latency at 50 % of peak; @rate: the highest step both passed)`,
        [
          'members',
          'server',
          'peak deliv/s',
          'deliv/CPU-s',
          store !== 'memory' ? 'Redis µs/msg' : '',
          'p50 ms',
          'p99 ms',
          'p99.9 ms',
          'join s',
          'ramp stopped by',
        ],
        rows,
      ),
    )
  }
  return out
}

const usCell = (us: number | undefined): string => (us === undefined ? '–' : us.toFixed(1))
