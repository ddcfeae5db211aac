/**
 * The configuration tables made from `server/src/config-schema.ts`: the README's operator
 * table, `.env.example`, and the fine-tuning and test-timing tables of docs/operations.md.
 * `npm run config:docs` writes them; `server/test/readme-tables.test.ts` fails when the
 * files differ from what this makes.
 */
import type { TInteger, TString } from '@sinclair/typebox'
import {
  OperatorSettingsSchema,
  TEST_TIMINGS,
  TUNING,
  shownDefault,
} from '../server/src/config-schema.js'

type Setting = TInteger | TString

function table(rows: [string, Setting][]): string {
  const lines = ['| Variable | Default | Description |', '|----------|---------|-------------|']
  for (const [name, schema] of rows) {
    lines.push(`| \`${name}\` | ${shownDefault(schema)} | ${schema.description ?? ''} |`)
  }
  return lines.join('\n')
}

/** The README's table: what an operator sets. */
export function operatorTable(): string {
  return table(Object.entries(OperatorSettingsSchema.properties) as [string, Setting][])
}

/** docs/operations.md: limits few operators touch. */
export function tuningTable(): string {
  return table(Object.entries(TUNING) as [string, Setting][])
}

/** docs/operations.md: the keys of `CHATTY_TEST_TIMINGS`, each with the variable it replaces. */
export function testTimingsTable(): string {
  const lines = [
    '| Key | Old variable (still read) | Default | Description |',
    '|-----|---------------------------|---------|-------------|',
  ]
  for (const [key, { alias, schema }] of Object.entries(TEST_TIMINGS)) {
    lines.push(
      `| \`${key}\` | \`${alias}\` | ${shownDefault(schema)} | ${schema.description ?? ''} |`,
    )
  }
  return lines.join('\n')
}

/** `.env.example`: every operator setting, commented out at its default. */
export function envExample(): string {
  const lines = [
    '# Copy to .env and adjust; every variable is optional. Made from server/src/config-schema.ts',
    "# (npm run config:docs); the README's Configuration table says the same.",
  ]
  for (const [name, schema] of Object.entries(OperatorSettingsSchema.properties) as [
    string,
    Setting,
  ][]) {
    lines.push('', `# ${(schema.description ?? '').replace(/`/g, '')}`)
    lines.push(`# ${name}=${String(schema.default)}`)
  }
  return `${lines.join('\n')}\n`
}

/** `text` with the block between `<!-- name:start -->` and `<!-- name:end -->` replaced. */
export function replaceBlock(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`no ${start} … ${end} block`)
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`
}

/** The block between the markers, as it is now. */
export function block(text: string, name: string): string {
  const start = `<!-- ${name}:start -->`
  const from = text.indexOf(start)
  const to = text.indexOf(`<!-- ${name}:end -->`)
  if (from < 0 || to < from) throw new Error(`no ${start} block`)
  return text.slice(from + start.length, to).trim()
}
