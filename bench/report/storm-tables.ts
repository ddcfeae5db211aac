/** The reconnect storm's table: time to all back, and the bystanders' latency meanwhile. */
import { SERVER_KINDS, SERVER_LABELS, type ServerKind } from '../lib/servers.js'
import type { RunResults } from '../scenarios/index.js'
import type { StormPhase, StormResult } from '../scenarios/storm.js'
import { ms, table } from './format.js'
import { get, ratioRows } from './rows.js'

const STORES = ['memory', 'redis', 'cluster'] as const

const seconds = (millis: number | null | undefined): string =>
  millis === null || millis === undefined ? '–' : (millis / 1000).toFixed(1)
const latency = (p: StormPhase): string => (p.count > 0 ? `${ms(p.p50Ms)} / ${ms(p.p99Ms)}` : '–')
const lost = (p: StormPhase): string => (p.lost === null ? '–' : `${p.lost}`)

export function stormTables(r: RunResults): string[] {
  return STORES.flatMap((store) => {
    const of = (kind: ServerKind) => get<StormResult>(r, 'storm', kind, store)
    const rows = SERVER_KINDS.flatMap((kind) => {
      const s = of(kind)
      if (!s) return []
      return [
        [
          `${s.back}/${s.members}`,
          SERVER_LABELS[kind],
          seconds(s.upMs),
          seconds(s.rejoin.p50Ms),
          seconds(s.rejoin.p99Ms),
          seconds(s.allBackMs),
          s.attemptsPerMember.toFixed(2),
          latency(s.before),
          latency(s.storm),
          latency(s.after),
          `${lost(s.before)} / ${lost(s.storm)} / ${lost(s.after)}`,
          `${Math.round(s.serverCpuShare * 100)} %`,
          Object.entries(s.closes)
            .map(([code, n]) => `${code}×${n}`)
            .join(' '),
        ],
      ]
    })
    if (rows.length === 0) return []
    const first = SERVER_KINDS.map(of).find(Boolean)!
    // Only a `--baseline` run has a second row: times inverted, above 1× = Chatty better.
    if (of('baseline'))
      rows.push(
        ...ratioRows(
          (kind) => {
            const s = of(kind)
            return [
              undefined,
              s ? 1 / Math.max(s.rejoin.p50Ms, 1) : undefined,
              s ? 1 / Math.max(s.rejoin.p99Ms, 1) : undefined,
              s?.allBackMs ? 1 / s.allBackMs : undefined,
              undefined,
              undefined,
              s ? 1 / Math.max(s.storm.p99Ms, 0.01) : undefined,
            ]
          },
          '',
          ['baseline'],
        ),
      )
    const how =
      first.rooms === 'kept'
        ? 'rooms kept in Redis, members resume'
        : 'rooms lost with the process, made again once it answers'
    return [
      table(
        `Reconnect storm — ${first.members} idle members in rooms of 10 + ${first.bystanders} bystanders chatting, ` +
          `process restarted (SIGTERM), ${store} store (${how}; times from the SIGTERM, rejoin from each member's close)`,
        [
          'back',
          'server',
          'up s',
          'rejoin p50 s',
          'rejoin p99 s',
          'all back s',
          'attempts',
          'chat before ms',
          'chat storm ms',
          'chat after ms',
          'lost b/s/a',
          'server CPU',
          'closes',
        ],
        rows,
      ),
    ]
  })
}
