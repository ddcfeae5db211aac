/** The setup every browser spec shares: one built server and one Chromium per spec file. */
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser, type PersonOptions, type TestBrowser } from './browser.js'
import { startChatty, type ChattyProcess } from '../../testkit/chatty.js'
import { createRoom } from '../../testkit/rooms.js'
import { joinRoom } from './chat.js'

type Person = Awaited<ReturnType<TestBrowser['person']>>

export interface ServerAndBrowser {
  /** The spec's server; read it inside a hook or test (it starts in `beforeAll`). */
  readonly server: ChattyProcess
  readonly browser: TestBrowser
  /** A new, isolated person whose pages open on the spec's server. */
  person(options?: Omit<PersonOptions, 'baseURL'>): Promise<Person>
  /** A new room on the spec's server with Alice (fox) and Bob (owl) joined, each in own browser. */
  aliceAndBob(): Promise<{ roomId: string; alice: Person; bob: Person }>
}

/**
 * Registers `beforeAll` (start the server with `env`, then launch Chromium) and `afterAll`
 * (close the browser, then stop the server) in the calling spec file. `env` may be a
 * function, read in `beforeAll`, for settings that exist only then: a Redis started by a
 * `beforeAll` registered before this call (hooks run in order; teardown in reverse).
 */
export function useServerAndBrowser(
  env: Record<string, string> | (() => Record<string, string>) = {},
): ServerAndBrowser {
  let server: ChattyProcess | undefined
  let browser: TestBrowser | undefined

  beforeAll(async () => {
    server = await startChatty({ env: typeof env === 'function' ? env() : env })
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the server and browser start in beforeAll')
    return value
  }

  const setup: ServerAndBrowser = {
    get server() {
      return started(server)
    },
    get browser() {
      return started(browser)
    },
    person(options) {
      return setup.browser.person({ ...options, baseURL: setup.server.baseUrl })
    },
    async aliceAndBob() {
      const roomId = await createRoom(setup.server.baseUrl)
      const alice = await setup.person()
      const bob = await setup.person()
      await joinRoom(alice.page, roomId, 'Alice', 'fox')
      await joinRoom(bob.page, roomId, 'Bob', 'owl')
      return { roomId, alice, bob }
    },
  }
  return setup
}
