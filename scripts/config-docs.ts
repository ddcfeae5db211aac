/** Writes the configuration tables made from server/src/config-schema.ts (see config-tables.ts). */
import { readFileSync, writeFileSync } from 'node:fs'
import {
  envExample,
  operatorTable,
  replaceBlock,
  testTimingsTable,
  tuningTable,
} from './config-tables.js'

const root = new URL('../', import.meta.url)
const rewrite = (file: string, change: (text: string) => string): void => {
  const url = new URL(file, root)
  writeFileSync(url, change(readFileSync(url, 'utf8')))
}

rewrite('README.md', (text) => replaceBlock(text, 'settings', operatorTable()))
rewrite('docs/operations.md', (text) =>
  replaceBlock(replaceBlock(text, 'tuning', tuningTable()), 'test-timings', testTimingsTable()),
)
writeFileSync(new URL('.env.example', root), envExample())
console.log('config tables written: README.md, docs/operations.md, .env.example')
