/** The README's error-code and close-code tables say what the protocol's constants say. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CLOSE_CODES, ERROR_DESCRIPTIONS } from '../../protocol/index.js'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

/** The body rows of the first table after `heading`, as arrays of cells. */
function tableAfter(heading: string): string[][] {
  const start = README.indexOf(heading)
  expect(start, heading).toBeGreaterThan(-1)
  const lines = README.slice(start).split('\n').slice(1)
  const first = lines.findIndex((l) => l.startsWith('|'))
  const rows: string[][] = []
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
  }
  return rows
}

describe('README protocol tables', () => {
  it('lists every error code, in order, with the meaning protocol/codes.ts gives it', () => {
    const rows = tableAfter('**Error codes**')
    expect(rows.map(([code, meaning]) => [code?.replace(/`/g, ''), meaning])).toEqual(
      Object.entries(ERROR_DESCRIPTIONS),
    )
  })

  it('lists every CHATTY_ variable that config.ts reads in the configuration table', () => {
    const source = readFileSync(new URL('../src/config.ts', import.meta.url), 'utf8')
    const read = new Set(source.match(/CHATTY_[A-Z_]+/g))
    const listed = tableAfter('## Configuration').map(([cell]) => cell?.replace(/`/g, ''))
    expect(listed.sort()).toEqual([...read].sort())
  })

  it('lists exactly the close codes the protocol defines', () => {
    const codes = tableAfter('**Close codes:**').flatMap(([cell]) =>
      (cell ?? '').split('/').map((c) => Number(c.replace(/`/g, '').trim())),
    )
    expect([...codes].sort()).toEqual(Object.values(CLOSE_CODES).sort())
  })
})
