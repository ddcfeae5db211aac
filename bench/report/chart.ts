/**
 * The PNG chart: p99 latency against delivered load, one line per server, one panel per
 * fan-out room size and store. Drawn as plain SVG (log–log axes) and screenshotted with the
 * system Chromium through playwright-core, so nothing is downloaded.
 */
import { writeFileSync } from 'node:fs'
import { launchChromium } from '../../testkit/browser.js'
import { SERVER_KINDS, SERVER_LABELS, type ServerKind } from '../lib/servers.js'
import type { StepResult } from '../lib/step.js'
import type { FanoutResult } from '../scenarios/fanout.js'
import type { RunResults } from '../scenarios/index.js'

const COLORS: Record<ServerKind, string> = {
  chatty: '#7c3aed',
  baseline: '#a3a3a3',
  ws: '#0891b2',
  socketio: '#ea580c',
  fastify: '#16a34a',
}
const W = 420
const H = 300
const PAD = { left: 56, right: 16, top: 34, bottom: 44 }

interface Panel {
  title: string
  lines: { kind: ServerKind; points: StepResult[] }[]
}

function panels(results: RunResults): Panel[] {
  const fanout = results.scenarios.fanout ?? {}
  const out: Panel[] = []
  for (const store of ['memory', 'redis', 'cluster']) {
    for (const size of new Set([
      ...results.settings.fanoutSizes,
      ...results.settings.redisFanoutSizes,
    ])) {
      const lines = SERVER_KINDS.flatMap((kind) => {
        const f = (fanout[`${kind}/${store}`] as FanoutResult[] | undefined)?.find(
          (x) => x.size === size && (x.processes ?? 1) === 1,
        )
        if (!f) return []
        const points = [...f.ramp, ...f.fractions.map((x) => x.step)]
          .filter((s) => s.lost === 0 && s.received > 0)
          .sort((a, b) => a.deliveriesPerSec - b.deliveriesPerSec)
        return points.length ? [{ kind, points }] : []
      })
      if (lines.length) out.push({ title: `${size} members · ${store} store`, lines })
    }
  }
  return out
}

const log = (v: number): number => Math.log10(Math.max(v, 1e-9))

function ticks(min: number, max: number): number[] {
  const out: number[] = []
  for (let e = Math.floor(log(min)); e <= Math.ceil(log(max)); e++) out.push(10 ** e)
  return out
}

function svgPanel(panel: Panel): string {
  const all = panel.lines.flatMap((l) => l.points)
  const xs = all.map((p) => p.deliveriesPerSec)
  const ys = all.map((p) => Math.max(p.p99Ms, 0.1))
  const xt = ticks(Math.min(...xs), Math.max(...xs))
  const yt = ticks(Math.min(...ys, 1), Math.max(...ys, 100))
  const [x0, x1] = [log(xt[0]!), log(xt.at(-1)!)]
  const [y0, y1] = [log(yt[0]!), log(yt.at(-1)!)]
  const px = (v: number): number =>
    PAD.left + ((log(v) - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right)
  const py = (v: number): number =>
    H - PAD.bottom - ((log(v) - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom)
  const fmt = (v: number): string => (v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : `${v}`)
  const grid = [
    ...xt.map(
      (t) =>
        `<line x1="${px(t)}" x2="${px(t)}" y1="${PAD.top}" y2="${H - PAD.bottom}" class="g"/><text x="${px(t)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${fmt(t)}</text>`,
    ),
    ...yt.map(
      (t) =>
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${py(t)}" y2="${py(t)}" class="g"/><text x="${PAD.left - 6}" y="${py(t) + 4}" text-anchor="end">${fmt(t)}</text>`,
    ),
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${py(100)}" y2="${py(100)}" class="limit"/>`,
  ]
  const lines = panel.lines.map(({ kind, points }) => {
    const d = points
      .map(
        (p, i) =>
          `${i ? 'L' : 'M'}${px(p.deliveriesPerSec).toFixed(1)},${py(Math.max(p.p99Ms, 0.1)).toFixed(1)}`,
      )
      .join('')
    const dots = points
      .map(
        (p) =>
          `<circle cx="${px(p.deliveriesPerSec)}" cy="${py(Math.max(p.p99Ms, 0.1))}" r="3" fill="${COLORS[kind]}"/>`,
      )
      .join('')
    return `<path d="${d}" stroke="${COLORS[kind]}" fill="none" stroke-width="2"/>${dots}`
  })
  return `<svg width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">
<text x="${W / 2}" y="20" text-anchor="middle" class="t">${panel.title}</text>
${grid.join('\n')}${lines.join('\n')}
<text x="${(W + PAD.left) / 2}" y="${H - 8}" text-anchor="middle">deliveries / s</text>
<text transform="translate(14 ${(H + PAD.top - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle">p99 ms</text>
</svg>`
}

function html(results: RunResults, list: Panel[]): string {
  // Only the servers drawn (the files scenario's peer never is).
  const drawn = SERVER_KINDS.filter((k) => list.some((p) => p.lines.some((l) => l.kind === k)))
  const legend = drawn
    .map((k) => `<span><i style="background:${COLORS[k]}"></i>${SERVER_LABELS[k]}</span>`)
    .join('')
  return `<!doctype html><html><head><style>
body{margin:16px;font:13px system-ui,sans-serif;color:#111;background:#fff;width:${3 * (W + 8)}px}
h1{font-size:16px;margin:0 0 4px}.legend span{margin-right:16px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
svg{margin:4px}text{font-size:11px;fill:#333}.t{font-size:13px;font-weight:600}.g{stroke:#e5e7eb}.limit{stroke:#dc2626;stroke-dasharray:4 3}
</style></head><body><h1>Chatty fan-out: p99 latency against load (lower right is better; dashed: 100 ms)</h1>
<div class="legend">${legend} · ${results.startedAt}${results.quick ? ' · quick run' : ''}</div>
${list.map(svgPanel).join('')}</body></html>`
}

/** Writes the chart to `target`; returns its path, or null when there is nothing to draw. */
export async function renderChart(results: RunResults, target: string): Promise<string | null> {
  const list = panels(results)
  if (list.length === 0) return null
  const page = html(results, list)
  writeFileSync(target.replace(/\.png$/, '.html'), page)
  const browser = await launchChromium()
  try {
    const tab = await browser.newPage({ viewport: { width: 3 * (W + 8) + 32, height: 200 } })
    await tab.setContent(page)
    await tab.screenshot({ path: target, fullPage: true })
  } finally {
    await browser.close()
  }
  return target
}
