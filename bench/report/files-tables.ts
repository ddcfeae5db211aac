/** The files scenario's tables: throughput and server CPU per MB, up and down, per store. */
import { SERVER_KINDS, SERVER_LABELS, type ServerKind } from '../lib/servers.js'
import type { FilesPhase, FilesResult } from '../scenarios/files.js'
import type { RunResults } from '../scenarios/index.js'
import { mb, ms, ratio, table } from './format.js'
import { get, ratioRows } from './rows.js'

const STORES = ['memory', 'redis', 'cluster'] as const

const cpuMs = (p: FilesPhase): string => ms(p.serverCpuSecPerMb * 1000)
const pct = (share: number): string => `${Math.round(share * 100)} %`

/** Throughput and CPU per MB, costs inverted so that above 1× means the first is better. */
function figures(f: FilesResult | undefined): (number | undefined)[] {
  return [
    f?.upload.mbPerSec,
    f ? 1 / f.upload.serverCpuSecPerMb : undefined,
    f?.download.mbPerSec,
    f ? 1 / f.download.serverCpuSecPerMb : undefined,
  ]
}

export function filesTables(r: RunResults): string[] {
  return STORES.flatMap((store) => {
    const of = (kind: ServerKind) => get<FilesResult>(r, 'files', kind, store)
    const redis = store !== 'memory'
    const rows = SERVER_KINDS.flatMap((kind) => {
      const f = of(kind)
      if (!f) return []
      const redisCells = [f.upload.redisCpuSecPerMb, f.download.redisCpuSecPerMb]
      return [
        [
          `${f.files}×${mb(f.fileBytes)} MB`,
          SERVER_LABELS[kind],
          f.upload.mbPerSec.toFixed(1),
          cpuMs(f.upload),
          f.download.mbPerSec.toFixed(1),
          cpuMs(f.download),
          ...(redis ? [redisCells.map((s) => ms((s ?? 0) * 1000)).join(' / ')] : []),
          `${pct(f.upload.clientCpuShare)} / ${pct(f.download.clientCpuShare)}`,
          mb(f.rssAfterUploadBytes),
        ],
      ]
    })
    if (rows.length === 0) return []
    const first = SERVER_KINDS.map(of).find(Boolean)!
    const peers = (['fastify', 'baseline'] as const).filter((k) => of(k))
    rows.push(...ratioRows((kind) => figures(of(kind)), '', [...peers]))
    if (redis) {
      const memory = (kind: ServerKind) => get<FilesResult>(r, 'files', kind, 'memory')
      for (const kind of SERVER_KINDS) {
        const here = figures(of(kind))
        const there = figures(memory(kind))
        if (!of(kind) || !memory(kind)) continue
        const label = `${SERVER_LABELS[kind]} ${store === 'cluster' ? 'cluster' : 'Redis'}/memory`
        rows.push(['', label, ...here.map((x, i) => ratio(x, there[i]))])
      }
    }
    return [
      table(
        `Files — ${first.files} files of ${mb(first.fileBytes)} MB up, then each down ×${first.downloads}, ${first.lanes} at a time, ${store} store (ratios: above 1× = Chatty better)`,
        [
          'files',
          'server',
          'up MB/s',
          'up CPU ms/MB',
          'down MB/s',
          'down CPU ms/MB',
          ...(redis ? ['Redis ms/MB up/down'] : []),
          'client core up/down',
          'RSS MB',
        ],
        rows,
      ),
    ]
  })
}
