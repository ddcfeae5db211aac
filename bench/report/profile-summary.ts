/**
 * `npx tsx bench/report/profile-summary.ts FILE.cpuprofile [N]`: the functions with the most
 * self time in a V8 CPU profile (from `npm run bench -- --profile`), as a share of samples.
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
  children?: number[]
}

const [file, top = '25'] = process.argv.slice(2)
if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [N]')
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: ProfileNode[]
  samples: number[]
}

const hits = new Map<number, number>()
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1)
const total = profile.samples.length
const byFunction = new Map<string, number>()
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame
  const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')
  const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`
  byFunction.set(key, (byFunction.get(key) ?? 0) + (hits.get(node.id) ?? 0))
}
const idle = [...byFunction].filter(([k]) => k.startsWith('(idle)')).reduce((s, [, v]) => s + v, 0)
console.log(
  `${total} samples, ${((idle / total) * 100).toFixed(1)} % idle; self time of busy samples:`,
)
for (const [key, count] of [...byFunction]
  .filter(([k]) => !k.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(top))) {
  console.log(`${((count / (total - idle)) * 100).toFixed(1).padStart(5)} %  ${key}`)
}
