/** HDR histograms of microseconds, shipped between processes as compressed base64. */
import * as hdr from 'hdr-histogram-js'

export type Histogram = hdr.Histogram

const HIGHEST_US = 600_000_000

export function newHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 32,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  })
}

export function record(histogram: Histogram, micros: number): void {
  histogram.recordValue(Math.min(Math.max(1, Math.round(micros)), HIGHEST_US))
}

export function encode(histogram: Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram)
}

/** Adds encoded histograms into one. */
export function merge(encoded: string[]): Histogram {
  const total = newHistogram()
  for (const part of encoded) {
    const decoded = hdr.decodeFromCompressedBase64(part, 32, false)
    total.add(decoded)
    decoded.destroy()
  }
  return total
}

export interface Percentiles {
  count: number
  p50Ms: number
  p99Ms: number
  p999Ms: number
  maxMs: number
}

export function percentiles(histogram: Histogram): Percentiles {
  const ms = (p: number): number => round(histogram.getValueAtPercentile(p) / 1000)
  return {
    count: histogram.totalCount,
    p50Ms: ms(50),
    p99Ms: ms(99),
    p999Ms: ms(99.9),
    maxMs: round(histogram.maxValue / 1000),
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
