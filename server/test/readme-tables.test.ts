/**
 * The documents' tables say what the code says: the protocol's error and close codes
 * (docs/protocol.md), and the configuration tables made from server/src/config-schema.ts
 * (README.md, docs/operations.md, .env.example; `npm run config:docs` writes them).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CLOSE_CODES, ERROR_DESCRIPTIONS } from '../../protocol/index.js'
import {
  block,
  envExample,
  operatorTable,
  testTimingsTable,
  tuningTable,
} from '../../scripts/config-tables.js'
import { OperatorSettingsSchema, TEST_TIMINGS, TUNING } from '../src/config-schema.js'

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')
const README = read('README.md')
const PROTOCOL = read('docs/protocol.md')
const OPERATIONS = read('docs/operations.md')

/** The body rows of the first table after `heading`, as arrays of cells. */
function tableAfter(heading: string, text = PROTOCOL): string[][] {
  const start = text.indexOf(heading)
  expect(start, heading).toBeGreaterThan(-1)
  const lines = text.slice(start).split('\n').slice(1)
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

describe('docs/protocol.md tables', () => {
  it('lists every error code, in order, with the meaning protocol/codes.ts gives it', () => {
    const rows = tableAfter('**Error codes**')
    expect(rows.map(([code, meaning]) => [code?.replace(/`/g, ''), meaning])).toEqual(
      Object.entries(ERROR_DESCRIPTIONS),
    )
  })

  it('lists exactly the close codes the protocol defines', () => {
    const codes = tableAfter('**Close codes:**').flatMap(([cell]) =>
      (cell ?? '').split('/').map((c) => Number(c.replace(/`/g, '').trim())),
    )
    expect([...codes].sort()).toEqual(Object.values(CLOSE_CODES).sort())
  })
})

describe('configuration tables', () => {
  it('README, docs/operations.md and .env.example are what config-schema.ts makes', () => {
    expect(block(README, 'settings')).toBe(operatorTable())
    expect(block(OPERATIONS, 'tuning')).toBe(tuningTable())
    expect(block(OPERATIONS, 'test-timings')).toBe(testTimingsTable())
    expect(read('.env.example')).toBe(envExample())
  })

  it('the operator table holds at most 16 variables, the seed’s three among them', () => {
    const names = Object.keys(OperatorSettingsSchema.properties)
    // 14 when the settings were cut down; the memory store's budget came with issue 25, the
    // largest file with issue 21.
    expect(names.length).toBeLessThanOrEqual(16)
    for (const seed of [
      'CHATTY_REDIS_URL',
      'CHATTY_ROOM_TTL_SECONDS',
      'CHATTY_CLEANUP_INTERVAL_SECONDS',
    ]) {
      expect(names).toContain(seed)
    }
  })

  it('every CHATTY_ variable the server reads is declared in config-schema.ts', () => {
    const declared = new Set([
      ...Object.keys(OperatorSettingsSchema.properties),
      ...Object.keys(TUNING),
      ...Object.values(TEST_TIMINGS).map((t) => t.alias),
      'CHATTY_TEST_TIMINGS',
    ])
    for (const file of ['config.ts', 'config-lists.ts', 'config-frame.ts']) {
      const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8')
      for (const name of source.match(/CHATTY_[A-Z0-9_]+/g) ?? []) {
        expect(declared, `${file}: ${name}`).toContain(name)
      }
    }
  })
})
