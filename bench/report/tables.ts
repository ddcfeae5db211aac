/** One printed table per scenario: Chatty, each peer, and Chatty/peer ratios, per store. */
import { SERVER_KINDS, SERVER_LABELS, type ServerKind } from '../lib/servers.js'
import type { RunResults } from '../scenarios/index.js'
import type { ConnectionsResult } from '../scenarios/connections.js'
import type { ManyRoomsResult } from '../scenarios/many-rooms.js'
import type { RoomCreationResult } from '../scenarios/room-creation.js'
import type { SlowConsumersResult } from '../scenarios/slow-consumers.js'
import { fanoutTables } from './fanout-tables.js'
import { filesTables } from './files-tables.js'
import { stormTables } from './storm-tables.js'
import { get, ratioRows } from './rows.js'
import { kb, mb, ms, num, table } from './format.js'
import type { SoakResult } from '../scenarios/soak.js'

const STORES = ['memory', 'redis', 'cluster'] as const

function manyRoomsTables(r: RunResults): string[] {
  return STORES.flatMap((store) => {
    const of = (kind: ServerKind) => get<ManyRoomsResult>(r, 'rooms', kind, store)
    const rows = SERVER_KINDS.flatMap((kind) => {
      const m = of(kind)
      return m
        ? [
            [
              `${m.rooms}×10`,
              SERVER_LABELS[kind],
              ms(m.p50Ms),
              ms(m.p99Ms),
              ms(m.p999Ms),
              `${Math.round(m.serverCpuShare * 100)} %`,
              num(m.deliveriesPerCpuSec),
              mb(m.rssBytes),
              `${m.lost}`,
            ],
          ]
        : []
    })
    if (rows.length === 0) return []
    const first = SERVER_KINDS.map(of).find(Boolean)
    const cells = (kind: ServerKind) => {
      const m = of(kind)
      // Costs: peer over Chatty, so that above 1× means Chatty is better.
      return [
        m ? 1 / Math.max(m.p50Ms, 0.01) : undefined,
        m ? 1 / Math.max(m.p99Ms, 0.01) : undefined,
        undefined,
        m ? 1 / Math.max(m.serverCpuShare, 0.001) : undefined,
        m?.deliveriesPerCpuSec,
        m ? 1 / m.rssBytes : undefined,
      ]
    }
    rows.push(...ratioRows(cells, ''))
    return [
      table(
        `Scenario 2 — many rooms, ${store} store (${first?.processes ?? 1} server process(es); ratios: above 1× = Chatty better)`,
        [
          'rooms',
          'server',
          'p50 ms',
          'p99 ms',
          'p99.9 ms',
          'server CPU',
          'deliv/CPU-s',
          'RSS MB',
          'lost',
        ],
        rows,
      ),
    ]
  })
}

function connectionsTables(r: RunResults): string[] {
  return STORES.flatMap((store) => {
    const of = (kind: ServerKind) => get<ConnectionsResult>(r, 'connections', kind, store)
    const rows = SERVER_KINDS.flatMap((kind) => {
      const c = of(kind)
      return c
        ? [
            [
              `${c.connected}/${c.wanted}`,
              SERVER_LABELS[kind],
              kb(c.rssPerConnectionBytes),
              kb(c.heapPerConnectionBytes),
              ms(c.joinP50Ms),
              ms(c.joinP99Ms),
              `${c.joinSeconds}`,
              mb(c.rssBytes),
              `${c.lost}`,
            ],
          ]
        : []
    })
    if (rows.length === 0) return []
    const cells = (kind: ServerKind) => {
      const c = of(kind)
      return [
        c ? 1 / c.rssPerConnectionBytes : undefined,
        c ? 1 / c.heapPerConnectionBytes : undefined,
        undefined,
        c ? 1 / c.joinP99Ms : undefined,
      ]
    }
    rows.push(...ratioRows(cells, ''))
    return [
      table(
        `Scenario 3 — idle connections, ${store} store (after forced GC; ratios: above 1× = Chatty better)`,
        [
          'joined',
          'server',
          'RSS KB/conn',
          'heap KB/conn',
          'join p50 ms',
          'join p99 ms',
          'ramp s',
          'RSS MB',
          'lost',
        ],
        rows,
      ),
    ]
  })
}

function creationTables(r: RunResults): string[] {
  return STORES.flatMap((store) => {
    const of = (kind: ServerKind) => get<RoomCreationResult>(r, 'create', kind, store)
    const rows = SERVER_KINDS.flatMap((kind) => {
      const c = of(kind)
      return c
        ? [
            [
              '',
              SERVER_LABELS[kind],
              num(c.requestsPerSec),
              num(c.requestsPerCpuSec),
              ms(c.p50Ms),
              ms(c.p99Ms),
              `${c.non2xx + c.errors}`,
            ],
          ]
        : []
    })
    if (rows.length === 0) return []
    rows.push(...ratioRows((kind) => [of(kind)?.requestsPerSec, of(kind)?.requestsPerCpuSec], ''))
    return [
      table(
        `Scenario 4 — POST /api/rooms/ (autocannon, 50 connections), ${store} store`,
        ['', 'server', 'req/s', 'req/CPU-s', 'p50 ms', 'p99 ms', 'failed'],
        rows,
      ),
    ]
  })
}

function slowTables(r: RunResults): string[] {
  return STORES.flatMap((store) => {
    const rows = SERVER_KINDS.flatMap((kind) => {
      const s = get<SlowConsumersResult>(r, 'slow', kind, store)
      return s
        ? [
            [
              `${s.stalled}/${s.members}`,
              SERVER_LABELS[kind],
              ms(s.baseline.p99Ms),
              ms(s.withStalled.p99Ms),
              `${s.withStalled.lost}`,
              `${mb(s.rssBeforeBytes)} → ${mb(s.rssAfterBytes)}`,
              `${s.droppedSeenByRoom}`,
              JSON.stringify(s.stalledCloseCodes),
            ],
          ]
        : []
    })
    if (rows.length === 0) return []
    return [
      table(
        `Slow consumers — 5 % of a room stop reading, ${store} store (Chatty limit 1 MB)`,
        [
          'stalled',
          'server',
          'p99 before',
          'p99 stalled',
          'lost',
          'RSS MB',
          'dropped',
          'close codes seen',
        ],
        rows,
      ),
    ]
  })
}

function soakTables(r: RunResults): string[] {
  const s = get<SoakResult>(r, 'soak', 'chatty', 'memory')
  if (!s) return []
  const first = s.samples[0]
  const last = s.samples.at(-1)
  const maxEld = Math.max(...s.samples.map((x) => x.eldP99Ms))
  return [
    table(
      'Scenario 6 — soak, memory store (drift: mean of the last quarter over the first; 1.00× = flat)',
      [
        'held',
        'server',
        's',
        'msg/s',
        'deliveries',
        'lost',
        'RSS MB first→last',
        'heap MB (GC) start→end',
        'fds first→last',
        'loop p99 max ms',
        'drift RSS/heap/fds',
      ],
      [
        [
          `${s.connected}/${s.wanted}`,
          'Chatty',
          `${s.seconds}`,
          num(s.messagesPerSecond),
          num(s.expected),
          `${s.lost}`,
          `${mb(first?.rss)}→${mb(last?.rss)}`,
          `${mb(s.gcStart.heapUsed)}→${mb(s.gcEnd.heapUsed)}`,
          `${first?.fds ?? '–'}→${last?.fds ?? '–'}`,
          ms(maxEld),
          `${s.drift.rss}× / ${s.drift.heapUsed}× / ${s.drift.fds}×`,
        ],
      ],
    ),
  ]
}

export function printReport(results: RunResults): void {
  const parts = [
    ...fanoutTables(results),
    ...manyRoomsTables(results),
    ...connectionsTables(results),
    ...creationTables(results),
    ...slowTables(results),
    ...soakTables(results),
    ...filesTables(results),
    ...stormTables(results),
  ]
  console.log(parts.join('\n'))
}
