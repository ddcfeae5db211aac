/**
 * `--baseline=REF`: the server as it was at git REF, built into a temporary directory and
 * run beside today's in the same bench run, so a change is measured against the code it
 * replaced on the same machine at the same moment (numbers from two runs on a shared
 * machine are not comparable).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../..')

export interface Baseline {
  ref: string
  /** The baseline's `main.js`. */
  entry: string
  remove(): void
}

export function buildBaseline(ref: string): Baseline {
  const dir = mkdtempSync(join(tmpdir(), 'chatty-bench-baseline-'))
  const paths = ['server', 'protocol', 'tsconfig.base.json', 'package.json']
  // `git archive` exports the tree of REF without touching the working tree or the index.
  execFileSync(
    'bash',
    ['-c', 'git archive "$1" -- "${@:3}" | tar -x -C "$2"', 'bash', ref, dir, ...paths],
    {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  )
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  console.log(`building the baseline server (${ref})…`)
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'server/tsconfig.build.json'], {
    cwd: dir,
    stdio: 'inherit',
  })
  return {
    ref,
    entry: join(dir, 'dist/server/src/main.js'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
