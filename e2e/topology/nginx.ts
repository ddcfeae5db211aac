/**
 * Debian's nginx running the project's own deploy/nginx/chatty.conf, rendered for
 * loopback by deploy/nginx-test-config.sh: the same file the frontend image ships, with
 * `api:8000` replaced by upstream groups of local server processes.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort } from '../../testkit/net.js'
import { REPO, requireProgram, run, type Running } from '../../testkit/process.js'
import { waitForHttp } from '../../testkit/wait.js'

export const NGINX = process.env.CHATTY_TEST_NGINX ?? '/usr/sbin/nginx'

export interface TestNginx {
  /** http://127.0.0.1:PORT */
  url: string
  port: number
  /** The access log: one line per request, `... upstream=ADDR pin=N`. */
  accessLog(): Promise<string>
  stop(): Promise<void>
}

export interface NginxOptions {
  /** Added to each server line of the round-robin group, e.g. `max_fails=1 fail_timeout=30s`. */
  upstreamParams?: string
}

/**
 * Starts nginx on a free port in front of `upstreams` (HOST:PORT). Requests round-robin
 * over them; a request with the cookie `chatty_upstream=N` goes to the N-th only.
 */
export async function startNginx(
  upstreams: string[],
  root: string,
  options: NginxOptions = {},
): Promise<TestNginx> {
  requireProgram(NGINX, ['-v'], 'install it with `apt-get install -y nginx`')
  const dir = await mkdtemp(path.join(tmpdir(), 'chatty-nginx-'))
  const port = await freePort()
  const args = ['--out', dir, '--listen', `127.0.0.1:${port}`, '--root', root]
  for (const upstream of upstreams) args.push('--upstream', upstream)
  if (options.upstreamParams) args.push('--upstream-params', options.upstreamParams)
  const conf = execFileSync(path.join(REPO, 'deploy/nginx-test-config.sh'), args, {
    encoding: 'utf8',
  }).trim()

  const nginx: Running = run(NGINX, ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', conf])
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForHttp(`${url}/`, {
      status: 200,
      timeoutMs: 20_000,
      abortIf: () => (nginx.alive() ? undefined : `nginx exited:\n${nginx.output()}`),
    })
  } catch (err) {
    const errors = await readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '')
    await nginx.stop('SIGTERM', 5000)
    throw new Error(`${(err as Error).message}\nnginx error.log:\n${errors}`)
  }
  return {
    url,
    port,
    accessLog: () => readFile(path.join(dir, 'access.log'), 'utf8'),
    async stop() {
      await nginx.stop('SIGTERM', 5000)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
