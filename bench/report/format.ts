/** Plain-text tables for the terminal. */
export function table(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  const rule = widths.map((w) => '─'.repeat(w)).join('  ')
  return [`\n${title}`, line(header), rule, ...rows.map(line)].join('\n')
}

export const num = (n: number | undefined | null): string =>
  n === undefined || n === null || Number.isNaN(n) ? '–' : Math.round(n).toLocaleString('en-US')

export const ms = (n: number | undefined | null): string =>
  n === undefined || n === null ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1)

export const kb = (bytes: number | undefined): string =>
  bytes === undefined ? '–' : (bytes / 1024).toFixed(1)

export const mb = (bytes: number | undefined): string =>
  bytes === undefined ? '–' : (bytes / 1024 / 1024).toFixed(1)

/** Chatty's figure over a peer's, e.g. "2.10×"; for costs pass `lowerIsBetter` to flip it. */
export function ratio(chatty: number | undefined | null, peer: number | undefined | null): string {
  if (!chatty || !peer) return '–'
  return `${(chatty / peer).toFixed(2)}×`
}
