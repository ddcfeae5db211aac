import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeViolations, seriousViolations } from './support/axe.js'
import { ARTIFACTS, LOOKS } from './support/browser.js'
import { startRedis, type TestRedis } from '../testkit/redis.js'
import { createRoom } from '../testkit/rooms.js'
import { inPage, joinRoom, messageTexts, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

let redis: TestRedis

// Redis keeps the room across the restart; the in-memory store would forget it. Its hooks
// come first, so it starts before the server and stops after it.
beforeAll(async () => {
  redis = await startRedis()
})

afterAll(async () => {
  await redis?.stop()
})

const chatty = useServerAndBrowser(() => ({ CHATTY_REDIS_URL: redis.url }))

describe('reconnect', () => {
  it('rejoins after the server restarts with no message missing or doubled', async () => {
    const { alice, bob } = await chatty.aliceAndBob()
    await send(alice.page, 'before 1')
    await send(bob.page, 'before 2')
    await waitForMessage(alice.page, 'before 2')
    await waitForMessage(bob.page, 'before 2')

    await chatty.server.stop()
    await alice.page.getByTestId('connection-banner').waitFor()
    expect(await alice.page.getByTestId('connection-banner').textContent()).toContain(
      'Reconnecting',
    )
    // Written while the server is down: kept, then sent once after the rejoin.
    await send(alice.page, 'during the outage')
    await chatty.server.start()

    await alice.page
      .getByTestId('connection-banner')
      .waitFor({ state: 'detached', timeout: 15_000 })
    await bob.page.getByTestId('connection-banner').waitFor({ state: 'detached', timeout: 15_000 })
    await waitForMessage(bob.page, 'during the outage')
    await send(bob.page, 'after 1')
    await waitForMessage(alice.page, 'after 1')

    const expected = ['before 1', 'before 2', 'during the outage', 'after 1']
    expect(await messageTexts(alice.page)).toEqual(expected)
    expect(await messageTexts(bob.page)).toEqual(expected)
    // No pending bubble left behind and nothing duplicated after a reload either.
    expect(await alice.page.locator('article:not([data-message-id])').count()).toBe(0)
    await bob.page.reload()
    await bob.page.getByTestId('chat-input').waitFor()
    await waitForMessage(bob.page, 'after 1')
    expect(await messageTexts(bob.page)).toEqual(expected)
    await alice.context.close()
    await bob.context.close()
  })

  it('says plainly when the server stays down, marks messages not sent, and retries', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const { page, context } = await chatty.person()
    await joinRoom(page, roomId, 'Lonely')
    await send(page, 'delivered')
    await waitForMessage(page, 'delivered')
    await chatty.server.stop()
    const banner = page.getByTestId('connection-banner')
    await page
      .locator('[data-testid=connection-banner][data-state=disconnected]')
      .waitFor({ timeout: 15_000 })
    expect(await banner.textContent()).toContain('Can’t reach the chat server')
    expect(await page.title()).toBe('Room — Chatty')

    // Written after the app gave up its quick attempts: marked "not sent" at once.
    await send(page, 'keep me')
    await send(page, 'drop me')
    const unsent = page.locator('article', { has: page.getByTestId('unsent') })
    await expect.poll(() => unsent.count()).toBe(2)
    expect(await unsent.first().textContent()).toContain('Not sent')
    await page.screenshot({ path: path.join(ARTIFACTS, 'outage-not-sent.png') })

    // The browser going offline says so; coming back online reconnects at once (no 15 s wait).
    await chatty.server.start()
    await context.setOffline(true)
    await expect.poll(() => banner.textContent()).toContain('You’re offline')
    await context.setOffline(false)
    await banner.waitFor({ state: 'detached', timeout: 5000 })
    // Nothing marked "not sent" went out by itself.
    expect(await unsent.count()).toBe(2)
    expect(await messageTexts(page)).toEqual(['delivered'])

    await unsent.filter({ hasText: 'drop me' }).getByRole('button', { name: 'Discard' }).click()
    await unsent.filter({ hasText: 'keep me' }).getByRole('button', { name: 'Retry' }).click()
    await waitForMessage(page, 'keep me')
    await expect.poll(() => unsent.count()).toBe(0)
    expect(await messageTexts(page)).toEqual(['delivered', 'keep me'])
    await context.close()
  })

  it('offers Retry now, which reconnects at once', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const { page, context } = await chatty.person()
    await joinRoom(page, roomId, 'Patient')
    await chatty.server.stop()
    const banner = page.getByTestId('connection-banner')
    await page
      .locator('[data-testid=connection-banner][data-state=disconnected]')
      .waitFor({ timeout: 15_000 })
    await chatty.server.start()
    await banner.getByRole('button', { name: 'Retry now' }).click()
    // Well before the next slow attempt (15 s).
    await banner.waitFor({ state: 'detached', timeout: 5000 })
    await send(page, 'back again')
    await waitForMessage(page, 'back again')
    await context.close()
  })

  it('greys the people while the server is out of reach, and is back as soon as it answers', async () => {
    const roomId = await createRoom(chatty.server.baseUrl)
    const [light, dark, phone] = await Promise.all([
      chatty.person(LOOKS[0]),
      chatty.person(LOOKS[1]),
      chatty.person(LOOKS[2]),
    ])
    // Alice's page runs on a clock the test holds once she is cut off: no attempt falls due by
    // itself, so only her asking the server whether it is back can bring her back.
    await light.page.clock.install()
    await joinRoom(light.page, roomId, 'Alice', 'fox')
    await joinRoom(dark.page, roomId, 'Dana', 'owl')
    await joinRoom(phone.page, roomId, 'Pia', 'cat')
    const people = light.page.getByTestId('user-list')
    await expect.poll(() => people.locator('li').count()).toBe(3)
    expect(await people.getAttribute('data-presence')).toBe('online')
    expect(await light.page.getByTestId('presence-unknown').count()).toBe(0)

    await chatty.server.stop()
    await Promise.all(
      [light, dark, phone].map(({ page }) =>
        page.locator('[data-testid=connection-banner][data-state=disconnected]').waitFor(),
      ),
    )
    expect(await people.getAttribute('data-presence')).toBe('unknown')
    expect(await light.page.getByTestId('presence-unknown').textContent()).toContain(
      'who is still here is unknown',
    )
    // The header's count says so too.
    expect(await light.page.getByTestId('user-count').getAttribute('aria-label')).toContain(
      'last seen',
    )
    await phone.page.getByTestId('user-count').click()
    await phone.page.getByTestId('user-panel').getByTestId('presence-unknown').waitFor()
    for (const [look, { page }] of [
      ['light', light],
      ['dark', dark],
      ['phone', phone],
    ] as const) {
      await page.screenshot({ path: path.join(ARTIFACTS, `outage-people-${look}.png`) })
      const violations = await seriousViolations(page)
      expect(violations, `${look}: ${describeViolations(violations)}`).toEqual([])
    }

    await light.page.clock.pauseAt((await inPage<number>(light.page, 'Date.now()')) + 100)
    await chatty.server.start()
    // A few seconds on Alice's clock: her next question to the server, not the 15 s attempt.
    await light.page.clock.runFor(3000)
    await light.page.getByTestId('connection-banner').waitFor({ state: 'detached' })
    await expect.poll(() => people.getAttribute('data-presence')).toBe('online')
    expect(await light.page.getByTestId('presence-unknown').count()).toBe(0)
    expect(await light.page.getByTestId('user-count').getAttribute('aria-label')).toContain(
      'online',
    )
    await send(light.page, 'back at once')
    await waitForMessage(light.page, 'back at once')
    for (const { context } of [light, dark, phone]) await context.close()
  })
})
