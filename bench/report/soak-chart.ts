/**
 * The soak's PNG chart: RSS, heap, open file descriptors and event-loop delay (p99 and max)
 * against time, one panel each, so a leak shows as a slope. Plain SVG screenshotted with
 * the system Chromium, like the latency chart.
 */
import { writeFileSync } from 'node:fs'
import { launchChromium } from '../../testkit/browser.js'
import type { RunResults } from '../scenarios/index.js'
import type { SoakResult, SoakSample } from '../scenarios/soak.js'

const W = 420
const H = 240
const PAD = { left: 56, right: 16, top: 30, bottom: 40 }

interface Series {
  label: string
  color: string
  value: (s: SoakSample) => number
}

interface Panel {
  title: string
  unit: string
  series: Series[]
}

const MB = 1024 * 1024
const PANELS: Panel[] = [
  {
    title: 'RSS',
    unit: 'MB',
    series: [{ label: 'RSS', color: '#7c3aed', value: (s) => s.rss / MB }],
  },
  {
    title: 'V8 heap used (no forced GC)',
    unit: 'MB',
    series: [{ label: 'heap', color: '#0891b2', value: (s) => s.heapUsed / MB }],
  },
  {
    title: 'Open file descriptors',
    unit: 'fds',
    series: [{ label: 'fds', color: '#16a34a', value: (s) => s.fds }],
  },
  {
    title: 'Event-loop delay',
    unit: 'ms',
    series: [
      { label: 'p99', color: '#ea580c', value: (s) => s.eldP99Ms },
      { label: 'max', color: '#fca5a5', value: (s) => s.eldMaxMs },
    ],
  },
]

function svgPanel(panel: Panel, samples: SoakSample[]): string {
  const ts = samples.map((s) => s.t)
  const ys = panel.series.flatMap((series) => samples.map(series.value))
  const [t0, t1] = [Math.min(...ts), Math.max(...ts, Math.min(...ts) + 1)]
  const y1 = Math.max(...ys, 1) * 1.15
  const px = (t: number): number => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right)
  const py = (v: number): number => H - PAD.bottom - (v / y1) * (H - PAD.top - PAD.bottom)
  const grid = [0, 0.25, 0.5, 0.75, 1].flatMap((f) => [
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${py(f * y1)}" y2="${py(f * y1)}" class="g"/>`,
    `<text x="${PAD.left - 6}" y="${py(f * y1) + 4}" text-anchor="end">${(f * y1).toFixed(y1 < 10 ? 1 : 0)}</text>`,
  ])
  for (const f of [0, 0.5, 1]) {
    const t = t0 + f * (t1 - t0)
    grid.push(
      `<text x="${px(t)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${Math.round(t)}</text>`,
    )
  }
  const lines = panel.series.map((series) => {
    const d = samples
      .map((s, i) => `${i ? 'L' : 'M'}${px(s.t).toFixed(1)},${py(series.value(s)).toFixed(1)}`)
      .join('')
    return `<path d="${d}" stroke="${series.color}" fill="none" stroke-width="2"/>`
  })
  const legend =
    panel.series.length > 1
      ? panel.series
          .map(
            (s, i) =>
              `<text x="${W - PAD.right - 60 + i * 34}" y="20" fill="${s.color}">${s.label}</text>`,
          )
          .join('')
      : ''
  return `<svg width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">
<text x="${PAD.left}" y="20" class="t">${panel.title} (${panel.unit})</text>${legend}
${grid.join('')}${lines.join('')}
<text x="${(W + PAD.left) / 2}" y="${H - 6}" text-anchor="middle">seconds held</text>
</svg>`
}

/** Writes the soak chart to `target`; returns its path, or null when no soak ran. */
export async function renderSoakChart(results: RunResults, target: string): Promise<string | null> {
  const soak = results.scenarios.soak?.['chatty/memory'] as SoakResult | undefined
  if (!soak || soak.samples.length < 2) return null
  const page = `<!doctype html><html><head><style>
body{margin:16px;font:13px system-ui,sans-serif;color:#111;background:#fff;width:${2 * (W + 8)}px}
h1{font-size:16px;margin:0 0 4px}svg{margin:4px}text{font-size:11px;fill:#333}.t{font-size:13px;font-weight:600}.g{stroke:#e5e7eb}
</style></head><body><h1>Chatty soak: ${soak.connected.toLocaleString('en-US')} connections held ${soak.seconds} s,
${soak.messagesPerSecond} messages/s, ${soak.expected.toLocaleString('en-US')} deliveries, ${soak.lost} lost</h1>
<div>${results.startedAt}${results.quick ? ' · quick run' : ''} · drift (last quarter / first): RSS ${soak.drift.rss}×, heap ${soak.drift.heapUsed}×, fds ${soak.drift.fds}×</div>
${PANELS.map((p) => svgPanel(p, soak.samples)).join('')}</body></html>`
  writeFileSync(target.replace(/\.png$/, '.html'), page)
  const browser = await launchChromium()
  try {
    const tab = await browser.newPage({ viewport: { width: 2 * (W + 8) + 32, height: 200 } })
    await tab.setContent(page)
    await tab.screenshot({ path: target, fullPage: true })
  } finally {
    await browser.close()
  }
  return target
}
