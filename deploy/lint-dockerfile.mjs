// Lints one Dockerfile (called by deploy/lint-deploy.mjs for each image compose builds):
// dockerfile-utils (the Dockerfile language server's validator) plus the rules the images
// promise: pinned bases, npm ci, non-root, HEALTHCHECK, COPY sources that exist and are not
// dockerignored, and an image that holds only what runs (no tests, test kit, bench, e2e or
// dev dependencies).
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { validate as validateDockerfile } from 'dockerfile-utils'

/** What only the tests and the bench use; the build needs none of it. */
const TEST_ONLY = [
  'server/test',
  'e2e',
  'bench',
  'testkit',
  '**/__tests__',
  '**/*.test.ts',
  '**/*.spec.ts',
]
const TEST_PATH =
  /(^|\/)(server\/test|e2e|bench|testkit|__tests__)(\/|$)|\.(test|spec)\.[cm]?[jt]s$/

/** Joins continuation lines and drops comments and parser directives. */
function instructions(text) {
  const joined = text.replace(/\\\r?\n/g, ' ')
  return joined
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/)
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') }
    })
}

function ignorePatterns(context) {
  const ignoreFile = path.join(context, '.dockerignore')
  if (!existsSync(ignoreFile)) return []
  return readFileSync(ignoreFile, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
}

function dockerignored(context, source) {
  const patterns = ignorePatterns(context)
  const first = source.replace(/^\.\//, '').split('/')[0]
  return patterns.some((p) => p === first || p === source)
}

/** The source paths of a COPY instruction's arguments (flags dropped, JSON form too). */
function copySources(args) {
  const parts = args.startsWith('[')
    ? JSON.parse(args)
    : args.split(/\s+/).filter((p) => !p.startsWith('--'))
  return parts.slice(0, -1)
}

/**
 * The image holds only what runs. The context leaves out every test-only path, so a build
 * stage's `COPY . .` cannot compile one into dist/; the final stage installs production
 * dependencies only, copies nothing test-only from the context, and from other stages only
 * their build output (dist/).
 */
function lintRuntime(where, context, final, fail) {
  const ignored = new Set(ignorePatterns(context))
  for (const pattern of TEST_ONLY) {
    if (!ignored.has(pattern))
      fail(where, `.dockerignore must exclude ${pattern} (tests are not shipped)`)
  }
  for (const { keyword, args } of final) {
    if (keyword === 'RUN' && /\bnpm ci\b/.test(args) && !/--omit[= ]dev\b/.test(args)) {
      fail(where, 'final stage: npm ci must use --omit=dev (no dev dependencies in the image)')
    }
    if (keyword !== 'COPY') continue
    const fromStage = /--from=/.test(args)
    for (const source of copySources(args)) {
      if (!fromStage && source === '.') fail(where, 'final stage: COPY . copies the whole context')
      else if (TEST_PATH.test(source.replace(/^\.?\//, ''))) {
        fail(where, `final stage: COPY ${source} is test-only`)
      } else if (fromStage && !/(^|\/)dist(\/|$)/.test(source)) {
        fail(where, `final stage: COPY --from ${source}: take only the build output (dist/)`)
      }
    }
  }
}

export function lintDockerfile(file, context, { root, fail }) {
  const where = path.relative(root, file)
  const text = readFileSync(file, 'utf8')
  for (const d of validateDockerfile(text)) {
    fail(`${where}:${d.range.start.line + 1}`, d.message)
  }

  const all = instructions(text)
  const args = new Map()
  for (const { keyword, args: a } of all) {
    if (keyword === 'ARG' && a.includes('=')) args.set(...a.split('=', 2))
  }
  const stages = []
  for (const ins of all) {
    if (ins.keyword === 'FROM') stages.push([])
    stages.at(-1)?.push(ins)
  }
  const stageNames = new Set()
  for (const stage of stages) {
    const from = stage[0].args.split(/\s+/)
    const image = from[0].replace(/^\$\{?(\w+)\}?$/, (_, n) => args.get(n) ?? n)
    if (from[1]?.toUpperCase() === 'AS') stageNames.add(from[2])
    if (!stageNames.has(image) && (!image.includes(':') || image.endsWith(':latest'))) {
      fail(where, `FROM ${image}: pin a tag other than latest`)
    }
  }
  for (const { keyword, args: a } of all) {
    if (keyword === 'RUN' && /\bnpm (install|i)\b/.test(a))
      fail(where, 'use npm ci, not npm install')
    if (keyword === 'COPY' && !a.includes('--from=')) {
      for (const source of copySources(a)) {
        if (source === '.') continue
        if (!existsSync(path.join(context, source))) fail(where, `COPY ${source}: no such file`)
        else if (dockerignored(context, source))
          fail(where, `COPY ${source}: excluded by .dockerignore`)
      }
    }
  }

  const final = stages.at(-1) ?? []
  lintRuntime(where, context, final, fail)
  const finalImage = final[0]?.args ?? ''
  if (!final.some((i) => i.keyword === 'HEALTHCHECK')) fail(where, 'final stage has no HEALTHCHECK')
  const user = final.filter((i) => i.keyword === 'USER').at(-1)?.args
  // nginx's master needs root for port 80 and drops its workers to the `nginx` user itself.
  if (!/^nginx:/.test(finalImage) && (!user || /^(root|0)(:|$)/.test(user))) {
    fail(where, 'final stage must run as a non-root USER')
  }
}
