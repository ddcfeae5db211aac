/**
 * Redis unreachable while the browser's socket stays up: the server answers a send with
 * `unavailable` within about a second and the app marks that message "Not sent" (nothing is
 * stored behind the sender's back); once Redis answers again, Retry delivers it, once.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startChaosRedis, type ChaosRedis } from '../testkit/redis.js'
import { ARTIFACTS } from './support/browser.js'
import { messageTexts, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

let redis: ChaosRedis

beforeAll(async () => {
  redis = await startChaosRedis()
})

afterAll(async () => {
  await redis?.stop()
})

const chatty = useServerAndBrowser(() => ({ CHATTY_REDIS_URL: redis.url }))

describe('store outage', () => {
  it('marks a message sent while Redis is down "Not sent", and Retry delivers it once Redis is back', async () => {
    const { alice, bob } = await chatty.aliceAndBob()
    await send(alice.page, 'before the outage')
    await waitForMessage(bob.page, 'before the outage')

    redis.pause()
    try {
      const sentAt = Date.now()
      await send(alice.page, 'during the outage')
      const unsent = alice.page.locator('article', { has: alice.page.getByTestId('unsent') })
      await unsent.waitFor({ timeout: 5000 })
      // Answered promptly (the server bounds each store command to 1 s), not after a retry storm.
      expect(Date.now() - sentAt).toBeLessThan(4000)
      expect(await unsent.textContent()).toContain('during the outage')
      // The page stays usable: no connection banner, the socket is still up.
      expect(await alice.page.getByTestId('connection-banner').count()).toBe(0)
      await alice.page.screenshot({ path: path.join(ARTIFACTS, 'store-outage-not-sent.png') })
    } finally {
      redis.resume()
    }

    // Nothing was stored behind Alice's back: Bob never sees it until she retries.
    await send(bob.page, 'redis is back')
    await waitForMessage(alice.page, 'redis is back')
    expect(await messageTexts(bob.page)).toEqual(['before the outage', 'redis is back'])

    const unsent = alice.page.locator('article', { has: alice.page.getByTestId('unsent') })
    await unsent.getByRole('button', { name: 'Retry' }).click()
    await waitForMessage(bob.page, 'during the outage')
    await expect.poll(() => unsent.count()).toBe(0)
    const expected = ['before the outage', 'redis is back', 'during the outage']
    expect(await messageTexts(alice.page)).toEqual(expected)
    expect(await messageTexts(bob.page)).toEqual(expected)
    await alice.context.close()
    await bob.context.close()
  })
})
