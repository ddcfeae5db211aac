import { describe, expect, it } from 'vitest'
import { fileKind, inlineImageBox } from '../display'

describe('inlineImageBox', () => {
  it('keeps the aspect ratio, never enlarges, fits 480 × 320', () => {
    expect(inlineImageBox({ width: 200, height: 100 })).toEqual({ width: 200, height: 100 })
    expect(inlineImageBox({ width: 1600, height: 1200 })).toEqual({ width: 427, height: 320 })
    expect(inlineImageBox({ width: 4000, height: 1000 })).toEqual({ width: 480, height: 120 })
    expect(inlineImageBox({ width: 1080, height: 2340 })).toEqual({ width: 148, height: 320 })
    expect(inlineImageBox({ width: 30_000, height: 1 })).toEqual({ width: 480, height: 1 })
  })

  it('holds a middling box for a picture that did not give its size', () => {
    expect(inlineImageBox({})).toEqual({ width: 240, height: 180 })
  })
})

describe('fileKind', () => {
  it('names common kinds, then falls back on the extension', () => {
    expect(fileKind({ name: 'a.pdf', type: 'application/pdf' })).toBe('PDF')
    expect(fileKind({ name: 'a.svg', type: 'image/svg+xml' })).toBe('SVG image')
    expect(
      fileKind({
        name: 'a.xlsx',
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
    ).toBe('Spreadsheet')
    expect(fileKind({ name: 'notes.key', type: '' })).toBe('KEY file')
    expect(fileKind({ name: 'README', type: 'application/octet-stream' })).toBe('File')
  })
})
