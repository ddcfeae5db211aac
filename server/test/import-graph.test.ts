/**
 * No import cycle in protocol/, server/ or web/, type-only imports and .vue files
 * included: ESLint's `import-x/no-cycle` skips both, and a cycle of types is still two
 * modules that cannot be understood apart. And the transports (http/, ws/) never reach
 * the store or the limits, type-only imports included (ESLint says so too).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const SCANNED = ['protocol', 'server', 'web/src']
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path)
    return /\.(ts|vue)$/.test(name) ? [path] : []
  })
}

/** The file a relative specifier names: TypeScript's `.js` for `.ts`, or no extension. */
function resolveImport(from: string, specifier: string, files: Set<string>): string | undefined {
  const base = resolve(dirname(from), specifier)
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    `${base}.ts`,
    `${base}.vue`,
    join(base, 'index.ts'),
  ]
  return candidates.find((c) => files.has(c))
}

export function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files)
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const deps: string[] = []
    for (const m of text.matchAll(IMPORT)) {
      const specifier = m[1] ?? m[2]
      if (!specifier?.startsWith('.')) continue
      const target = resolveImport(file, specifier, known)
      if (target) deps.push(target)
    }
    graph.set(file, deps)
  }
  return graph
}

/** Every cycle found by depth-first search, each as the list of modules around it. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (node: string): void => {
    state.set(node, 'open')
    stack.push(node)
    for (const dep of graph.get(node) ?? []) {
      if (state.get(dep) === 'open') cycles.push([...stack.slice(stack.indexOf(dep)), dep])
      else if (!state.has(dep)) visit(dep)
    }
    stack.pop()
    state.set(node, 'done')
  }
  for (const node of graph.keys()) if (!state.has(node)) visit(node)
  return cycles
}

describe('the import graph', () => {
  it('finds a cycle when there is one (so the check below can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ])
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']])
  })

  it('reads type-only, re-export and .vue imports', () => {
    const graph = importGraph(SCANNED.flatMap((d) => sourceFiles(join(ROOT, d))))
    const deps = (file: string) => (graph.get(join(ROOT, file)) ?? []).map((f) => relative(ROOT, f))
    expect(deps('protocol/frames.ts')).toEqual(['protocol/codes.ts', 'protocol/schemas.ts'])
    expect(deps('server/src/rooms/join.ts')).toContain('server/src/rooms/room.ts')
    expect(deps('web/src/App.vue').length).toBeGreaterThan(0)
  })

  it('keeps the transports (http/, ws/) off the store and the limits', () => {
    const graph = importGraph(SCANNED.flatMap((d) => sourceFiles(join(ROOT, d))))
    const transports = /^server\/src\/(http|ws)\//
    const reachedPast = /^server\/src\/(store|limits)\//
    const crossings = [...graph].flatMap(([file, deps]) => {
      const from = relative(ROOT, file)
      if (!transports.test(from)) return []
      return deps
        .map((d) => relative(ROOT, d))
        .flatMap((to) => (reachedPast.test(to) ? [`${from} → ${to}`] : []))
    })
    expect(crossings).toEqual([])
  })

  it('has no cycle in protocol/, server/ or web/', () => {
    const graph = importGraph(SCANNED.flatMap((d) => sourceFiles(join(ROOT, d))))
    const cycles = findCycles(graph).map((c) => c.map((f) => relative(ROOT, f)).join(' → '))
    expect(cycles).toEqual([])
  })
})
