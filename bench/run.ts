/**
 * `npm run bench [-- --quick] [--only=fanout,rooms,connections,create,slow,soak,files,storm]
 *   [--servers=chatty,ws,socketio,fastify] [--stores=memory,redis] [--sizes=10,100] [--no-build]
 *   [--profile] [--baseline=REF]`
 *
 * Runs each scenario against Chatty and its peers (the chat scenarios: bare ws and Socket.IO;
 * files: bare Fastify), on the memory store and on Redis,
 * prints one table per scenario with Chatty/peer ratios, and writes JSON and a PNG chart to
 * `bench/results/`. It reports speed and never asserts it; it exits non-zero only when the
 * harness itself failed (a server did not start, or deliveries were lost at the gentlest load).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CLIENT_CPUS, SERVER_CPUS } from './lib/cores.js'
import { LoadGenerator } from './lib/load.js'
import { pin } from './lib/proc-stats.js'
import { startRedisCluster } from '../testkit/redis-cluster.js'
import { startRedis } from '../testkit/redis.js'
import { buildBaseline, type Baseline } from './lib/baseline.js'
import { SERVER_KINDS, startServer, useBaseline, type ServerKind } from './lib/servers.js'
import { settingsFor } from './lib/settings.js'
import { printReport } from './report/tables.js'
import { renderChart } from './report/chart.js'
import { renderSoakChart } from './report/soak-chart.js'
import {
  SCENARIOS,
  type ScenarioName,
  type Store,
  type RunResults,
  type Context,
} from './scenarios/index.js'

const ROOT = resolve(import.meta.dirname, '..')
const args = process.argv.slice(2)
const flag = (name: string): boolean => args.includes(`--${name}`)
const list = <T extends string>(name: string, all: readonly T[]): T[] => {
  const raw = args.find((a) => a.startsWith(`--${name}=`))
  return raw
    ? (raw.slice(name.length + 3).split(',') as T[]).filter((v) => all.includes(v))
    : [...all]
}

const quick = flag('quick')
/** `--profile`: every server writes a V8 CPU profile to bench/results/profiles/ when stopped. */
const profile = flag('profile')
const PROFILES = resolve(ROOT, 'bench/results/profiles')
const fdLimit = Number(execFileSync('bash', ['-c', 'ulimit -Hn']).toString().trim()) || 20_000
const settings = settingsFor(quick, fdLimit)
const sizes = args.find((a) => a.startsWith('--sizes='))
if (sizes) settings.fanoutSizes = settings.redisFanoutSizes = sizes.slice(8).split(',').map(Number)
const processes = args.find((a) => a.startsWith('--processes='))
if (processes) settings.fanoutProcesses = processes.slice(12).split(',').map(Number)
const scenarios = list<ScenarioName>('only', Object.keys(SCENARIOS) as ScenarioName[])
/** `--baseline=REF`: also run Chatty as it was at git REF (e.g. `main`), beside today's. */
const baselineRef = args.find((a) => a.startsWith('--baseline='))?.slice(11)
const kinds = list<ServerKind>('servers', SERVER_KINDS).filter(
  (k) => k !== 'baseline' || baselineRef,
)
if (baselineRef && !kinds.includes('baseline'))
  kinds.splice(kinds.indexOf('chatty') + 1, 0, 'baseline')
// The cluster runs only when asked for: `--stores=memory,redis,cluster`.
const stores = list<Store>('stores', ['memory', 'redis', 'cluster']).filter(
  (s) => s !== 'cluster' || args.some((a) => /^--stores=.*cluster/.test(a)),
)

async function main(): Promise<number> {
  if (!flag('no-build') && kinds.includes('chatty')) {
    console.log('building the server (npm run build:server)…')
    execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' })
  }
  let baseline: Baseline | undefined
  if (baselineRef) {
    baseline = buildBaseline(baselineRef)
    useBaseline(baseline.entry, baselineRef)
  }
  if (CLIENT_CPUS) pin(process.pid, CLIENT_CPUS)
  const started = Date.now()
  const results: RunResults = {
    startedAt: new Date(started).toISOString(),
    quick,
    settings,
    machine: { cpus: execFileSync('nproc').toString().trim(), node: process.version, fdLimit },
    scenarios: {},
    problems: [],
  }
  const load = new LoadGenerator(settings.clientProcesses)
  let redis: StoreRedis | undefined
  const prefix = SERVER_CPUS ? ['taskset', '-c', SERVER_CPUS] : []
  try {
    for (const store of stores) {
      redis = await startStoreRedis(store, prefix)
      const env = redis?.env
      const context: Context = {
        settings,
        load,
        store,
        redisPids: redis?.pids ?? [],
        start: (kind, extra, port) =>
          startServer(kind, {
            redisEnv: env,
            env: extra,
            ...(port !== undefined && { port }),
            nodeFlags: profile ? [`--cpu-prof`, `--cpu-prof-dir=${PROFILES}`] : [],
          }),
      }
      // Only today's Chatty speaks the cluster (not the peers, nor an older baseline).
      const storeKinds = store === 'cluster' ? kinds.filter((k) => k === 'chatty') : kinds
      for (const name of scenarios) {
        if (store !== 'memory' && !settings.redisScenarios.includes(name)) continue
        console.log(`\n▶ ${name} on ${store}`)
        const scenario = SCENARIOS[name]
        const byServer = (results.scenarios[name] ??= {})
        for (const kind of scenario.kinds(storeKinds, settings)) {
          const t0 = Date.now()
          byServer[`${kind}/${store}`] = await scenario.run(kind, context, results.problems)
          console.log(`  ${kind} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
        }
      }
      await redis?.stop()
      redis = undefined
    }
  } finally {
    load.close()
    await redis?.stop()
    baseline?.remove()
  }
  results.finishedAt = new Date().toISOString()
  const dir = resolve(ROOT, 'bench/results')
  mkdirSync(dir, { recursive: true })
  const stamp = results.startedAt.replace(/[:.]/g, '-')
  const json = JSON.stringify(results, null, 2)
  writeFileSync(resolve(dir, `bench-${stamp}.json`), json)
  writeFileSync(resolve(dir, 'latest.json'), json)
  printReport(results)
  try {
    const png = await renderChart(results, resolve(dir, 'latency-vs-load.png'))
    if (png) console.log(`\nchart: ${png}`)
    const soak = await renderSoakChart(results, resolve(dir, 'soak.png'))
    if (soak) console.log(`soak chart: ${soak}`)
  } catch (error) {
    console.warn(`chart not rendered: ${(error as Error).message}`)
  }
  console.log(
    `results: bench/results/latest.json (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  )
  for (const problem of results.problems) console.error(`harness problem: ${problem}`)
  return results.problems.length > 0 ? 1 : 0
}

interface StoreRedis {
  pids: number[]
  env: Record<string, string>
  stop(): Promise<void>
}

/** The private Redis of a store: one server, or a cluster of three masters, pinned like the server. */
async function startStoreRedis(store: Store, prefix: string[]): Promise<StoreRedis | undefined> {
  if (store === 'redis') {
    const one = await startRedis({ prefix })
    return { pids: [one.pid], env: { CHATTY_REDIS_URL: one.url }, stop: one.stop }
  }
  if (store === 'cluster') {
    const cluster = await startRedisCluster({ masters: 3, prefix })
    return {
      pids: cluster.nodes.map((n) => n.pid),
      env: { CHATTY_REDIS_CLUSTER_NODES: cluster.nodesEnv },
      stop: cluster.stop,
    }
  }
  return undefined
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
