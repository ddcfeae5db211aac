/**
 * The README's hot-reload setup, as a developer runs it: `npm run dev` (the server, on a
 * `CHATTY_PORT` that is not the default) and `npm run dev:web` (Vite) side by side, and a
 * browser on Vite's `http://localhost:<port>` that creates a room, joins it and chats
 * with a second person. It fails if the proxy rewrites `Host` (the server's Origin check
 * then refuses the socket with 4003) or ignores `CHATTY_PORT`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../testkit/net.js'
import { REPO } from '../testkit/process.js'
import { waitForHttp } from '../testkit/wait.js'
import { launchBrowser, type TestBrowser } from './support/browser.js'
import { send, waitForMessage } from './support/chat.js'

interface DevProcess {
  child: ChildProcess
  output(): string
  stop(): Promise<void>
}

/**
 * `npm run <script>` in its own process group: npm, the shell, tsx's watcher and its
 * child all stop together.
 */
function npmRun(script: string, args: string[], env: NodeJS.ProcessEnv): DevProcess {
  const child = spawn('npm', ['run', script, '--', ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return
      const gone = once(child, 'exit')
      process.kill(-child.pid, 'SIGTERM')
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000)
      await gone
      clearTimeout(timer)
    },
  }
}

async function waitFor(url: string, proc: DevProcess, timeoutMs = 45_000): Promise<void> {
  await waitForHttp(url, {
    status: 200,
    timeoutMs,
    intervalMs: 200,
    abortIf: () => (proc.child.exitCode === null ? undefined : `exited early:\n${proc.output()}`),
  }).catch((err: Error) => {
    throw new Error(`${err.message}\n${proc.output()}`)
  })
}

let api: DevProcess | undefined
let web: DevProcess | undefined
let browser: TestBrowser | undefined
let apiPort = 0
let webPort = 0

beforeAll(async () => {
  apiPort = await freePort()
  webPort = await freePort()
  const env = { CHATTY_PORT: String(apiPort), CHATTY_LOG_LEVEL: 'warn' }
  api = npmRun('dev', [], env)
  web = npmRun('dev:web', ['--port', String(webPort), '--strictPort'], env)
  await waitFor(`http://127.0.0.1:${apiPort}/healthz`, api)
  await waitFor(`http://localhost:${webPort}/`, web)
  browser = await launchBrowser()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await web?.stop()
  await api?.stop()
})

describe('npm run dev + npm run dev:web', () => {
  it('a browser on the Vite dev server creates a room, joins it and chats', async () => {
    const baseURL = `http://localhost:${webPort}`
    const alice = await browser!.person({ baseURL })
    await alice.page.goto('/')
    await alice.page.getByTestId('create-room').click()
    // Encrypted by default: the key rides in the fragment, and Bob needs the full link.
    await alice.page.waitForURL(/\/room\/[\w-]+#[\w-]{43}$/, { timeout: 30_000 })
    const link = new URL(alice.page.url())
    const roomId = link.pathname.split('/').pop()!
    // The room lives on the server at CHATTY_PORT: the proxy followed it.
    expect((await fetch(`http://127.0.0.1:${apiPort}/api/rooms/${roomId}`)).status).toBe(200)

    const bob = await browser!.person({ baseURL })
    for (const [person, name] of [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ] as const) {
      if (person === bob) await bob.page.goto(`${link.pathname}${link.hash}`)
      await person.page.getByTestId('name-input').fill(name)
      await person.page.getByTestId('join-button').click()
      await expect
        .poll(() => person.page.getByTestId('chat-input').isEnabled(), { timeout: 20_000 })
        .toBe(true)
    }
    await send(alice.page, 'hello through the dev proxy')
    await waitForMessage(bob.page, 'hello through the dev proxy')
    await send(bob.page, 'and back')
    await waitForMessage(alice.page, 'and back')
    expect(api!.output()).not.toMatch(/origin/i)
  })
})
