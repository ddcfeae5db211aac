// Checks the Kubernetes manifests in deploy/k8s/ on a machine without a cluster: every
// document against the Kubernetes API schemas (kubernetes-models, generated from the
// Kubernetes OpenAPI spec), plus the rules Chatty relies on: probes on /readyz and /healthz, a
// preStop delay inside the termination grace, metrics never behind the Service, and only
// CHATTY_* variables the docs describe.
// Usage: node deploy/lint-k8s.mjs   (from anywhere; exits 1 listing every problem)
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAllDocuments } from 'yaml'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dir = path.join(root, 'deploy/k8s')
const problems = []
const fail = (where, message) => problems.push(`${where}: ${message}`)
const documented =
  readFileSync(path.join(root, 'README.md'), 'utf8') +
  readFileSync(path.join(root, 'docs/operations.md'), 'utf8')

/** The kubernetes-models class for an apiVersion and kind (`apps/v1` + `Deployment`). */
async function modelFor(apiVersion, kind) {
  const module = await import(`kubernetes-models/${apiVersion}/${kind}`)
  return module[kind] ?? module.default
}

const docs = []
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  for (const doc of parseAllDocuments(readFileSync(path.join(dir, file), 'utf8'))) {
    if (doc.errors.length) fail(file, doc.errors.map((e) => e.message).join('; '))
    const value = doc.toJS()
    if (value) docs.push({ file, value })
  }
}

for (const { file, value } of docs) {
  const where = `${file} ${value.kind}/${value.metadata?.name}`
  let Model
  try {
    Model = await modelFor(value.apiVersion, value.kind)
  } catch {
    fail(where, `unknown apiVersion/kind ${value.apiVersion} ${value.kind}`)
    continue
  }
  try {
    new Model(value).validate()
  } catch (error) {
    fail(where, `does not match the Kubernetes schema: ${error.message}`)
  }
}

const find = (kind, name) =>
  docs.find((d) => d.value.kind === kind && d.value.metadata?.name === name)?.value
const deployment = find('Deployment', 'chatty')
if (!deployment) fail('chatty.yaml', 'no Deployment named chatty')
else {
  const pod = deployment.spec.template.spec
  const app = pod.containers.find((c) => c.name === 'chatty')
  if (app?.readinessProbe?.httpGet?.path !== '/readyz')
    fail('Deployment', 'readiness must probe /readyz')
  if (app?.livenessProbe?.httpGet?.path !== '/healthz')
    fail('Deployment', 'liveness must probe /healthz (it never asks Redis)')
  if (!app?.lifecycle?.preStop)
    fail('Deployment', 'a preStop delay lets the Service drop the pod first')
  if (!(pod.terminationGracePeriodSeconds >= 15))
    fail('Deployment', 'terminationGracePeriodSeconds must leave time for the graceful close')
  const config = find('ConfigMap', 'chatty')?.data ?? {}
  const names = [...Object.keys(config), ...(app?.env ?? []).map((e) => e.name)]
  for (const name of names.filter((n) => n.startsWith('CHATTY_'))) {
    if (!documented.includes(`\`${name}\``))
      fail('Deployment', `${name} is not a documented variable`)
  }
  if (config.CHATTY_METRICS_PORT) {
    const service = find('Service', 'chatty')
    for (const port of service?.spec?.ports ?? []) {
      if (String(port.targetPort) === config.CHATTY_METRICS_PORT || port.targetPort === 'metrics')
        fail('Service', 'metrics must not be behind the public Service')
    }
  }
}
for (const kind of ['Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy']) {
  if (!find(kind, 'chatty')) fail('chatty.yaml', `no ${kind} named chatty`)
}

if (problems.length) {
  console.error(`lint-k8s: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
process.stdout.write(
  `lint-k8s: ${docs.length} manifests in deploy/k8s match the Kubernetes schemas and the rules\n`,
)
