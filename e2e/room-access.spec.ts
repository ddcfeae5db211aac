/**
 * Who gets into a room besides a link holder (issue 22, points 5 and 6), in real browsers:
 * a password room asks for its password with the link alone, says plainly that a wrong one is
 * wrong and opens with the right one (its history decrypted); an invitation admits one
 * person, is not spent by a link preview fetching it first (nor by a page that opens it and
 * is never clicked), tells the second person it was used, and an invitation-only room turns
 * the bare link away. Light, dark and a 390 px phone; screenshots in
 * e2e/artifacts/room-access-*.png.
 */
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { describeViolations, seriousViolations } from './support/axe.js'
import { ARTIFACTS, LOOKS } from './support/browser.js'
import { enterName, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser()
type Look = Omit<(typeof LOOKS)[number], 'name'>

/** A screenshot, after checking the screen has no serious or critical axe-core finding. */
async function shot(page: Page, name: string, look: string) {
  const violations = await seriousViolations(page)
  expect(violations, `${name}: ${describeViolations(violations)}`).toEqual([])
  await page.screenshot({ path: path.join(ARTIFACTS, `room-access-${name}-${look}.png`) })
}

/** The host makes a room on the home page (with a password when given) and joins it as Hana. */
async function hostRoom(look: Look, password?: string) {
  const host = await chatty.person(look)
  await host.page.goto('/')
  if (password) {
    await host.page.getByTestId('add-password').click()
    await host.page.getByTestId('room-password').fill(password)
    await shot(host.page, 'home-password', look.colorScheme + (look.isMobile ? '-phone' : ''))
  }
  await host.page.getByTestId('create-room').click()
  await host.page.waitForURL(/\/room\/[\w-]+#[\w-]{43}$/)
  // The creator chose the password in this tab: it is not asked again.
  await enterName(host.page, 'Hana')
  return { host, link: host.page.url() }
}

/** Opens the host's invitations: the header's button, or on a phone the room's menu. */
async function openInvitations(page: Page, look: Look) {
  if (look.isMobile) {
    await page.getByTestId('room-menu-button').click()
    await page.getByTestId('menu-invitations').click()
  } else {
    await page.getByTestId('invitations-button').click()
  }
  await page.getByTestId('invitations-panel').waitFor()
}

/** Makes an invitation for `label` in the open panel; its link. */
async function invite(page: Page, label: string): Promise<string> {
  const before = await page.getByTestId('invitation-item').count()
  await page.getByTestId('invitation-label').fill(label)
  await page.getByTestId('invitation-create').click()
  await expect.poll(() => page.getByTestId('invitation-item').count()).toBe(before + 1)
  const link = await page.getByTestId('invitation-link').textContent()
  expect(link).toMatch(/\/room\/[\w-]+#[\w-]{43}&invite=[\w-]{32}$/)
  return link!.trim()
}

describe('a room password', () => {
  for (const { name: look, ...options } of LOOKS) {
    it(`is asked with the link alone, a wrong one refused plainly, the right one opens (${look})`, async () => {
      const { host, link } = await hostRoom(options, 'correct horse')
      await host.page.getByTestId('chat-input').fill('the door code is 4711')
      await host.page.getByTestId('chat-input').press('Enter')
      await waitForMessage(host.page, 'the door code is 4711')

      const guest = await chatty.person(options)
      await guest.page.goto(link)
      await guest.page.getByTestId('password-page').waitFor()
      // Nothing of the room before the password: no name asked, nobody shown.
      expect(await guest.page.getByTestId('name-modal').count()).toBe(0)
      expect(await guest.page.title()).toBe('Password needed — Chatty')
      await shot(guest.page, 'password', look)

      await guest.page.getByTestId('password-entry').fill('correct horse battery')
      await guest.page.getByTestId('password-submit').click()
      const error = guest.page.getByTestId('password-error')
      await error.waitFor()
      expect(await error.textContent()).toContain('That password is not this room’s')
      await shot(guest.page, 'password-wrong', look)

      await guest.page.getByTestId('password-entry').fill('correct horse')
      await guest.page.getByTestId('password-submit').click()
      await enterName(guest.page, 'Gus')
      await waitForMessage(guest.page, 'the door code is 4711')
      await expect.poll(() => host.page.getByTestId('user-count').textContent()).toContain('2')
      expect([...host.errors, ...guest.errors]).toEqual([])
      await Promise.all([host, guest].map((p) => p.context.close()))
    })
  }
})

describe('a plain room’s password', () => {
  it('is checked by the server: asked before the name, the right one opens', async () => {
    const host = await chatty.person()
    await host.page.goto('/')
    await host.page.getByTestId('kind-plain').click()
    await host.page.getByTestId('add-password').click()
    await host.page.getByTestId('room-password').fill('open sesame')
    await host.page.getByTestId('create-room').click()
    await host.page.waitForURL(/\/room\/[\w-]+$/)
    await enterName(host.page, 'Hana')

    const guest = await chatty.person()
    await guest.page.goto(host.page.url())
    await guest.page.getByTestId('password-page').waitFor()
    await guest.page.getByTestId('password-entry').fill('open sesame?')
    await guest.page.getByTestId('password-submit').click()
    await guest.page.getByTestId('password-error').waitFor()
    await guest.page.getByTestId('password-entry').fill('open sesame')
    await guest.page.getByTestId('password-submit').click()
    await enterName(guest.page, 'Gus')
    // A reload of the tab does not ask again: the tab kept it for this room.
    await guest.page.reload()
    await expect.poll(() => guest.page.getByTestId('chat-input').isEnabled()).toBe(true)
    expect(await guest.page.getByTestId('password-page').count()).toBe(0)
    expect([...host.errors, ...guest.errors]).toEqual([])
    await Promise.all([host, guest].map((p) => p.context.close()))
  })
})

describe('an invitation', () => {
  for (const { name: look, ...options } of LOOKS) {
    it(`admits one person once, and no link preview spends it (${look})`, async () => {
      const { host, link: roomLink } = await hostRoom(options)
      await openInvitations(host.page, options)
      const link = await invite(host.page, 'Dana')
      await shot(host.page, 'invitations', look)

      // A link preview: a GET of the link (the fragment never goes), and a page that opens it
      // and is never clicked. Neither spends it.
      const fetched = await fetch(link)
      expect(fetched.status).toBe(200)
      const preview = await chatty.person(options)
      await preview.page.goto(link)
      await preview.page.getByTestId('invitation').waitFor()
      expect(await preview.page.getByTestId('name-modal').count()).toBe(0)
      await shot(preview.page, 'invited', look)
      await preview.context.close()
      expect(await host.page.getByTestId('invitation-item').count()).toBe(1)

      // Dana accepts: in, and the invitation is gone from the host's open ones.
      const dana = await chatty.person(options)
      await dana.page.goto(link)
      await dana.page.getByTestId('page-step').click()
      await enterName(dana.page, 'Dana')
      await expect.poll(() => host.page.getByTestId('invitation-item').count()).toBe(0)
      // The address bar holds the room's own link again.
      expect(dana.page.url()).toBe(roomLink)

      // A second person with the same link is told it was used.
      const eve = await chatty.person(options)
      await eve.page.goto(link)
      await eve.page.getByRole('heading', { name: 'This invitation was used' }).waitFor()
      expect(await eve.page.title()).toBe('Invitation used — Chatty')
      await shot(eve.page, 'used', look)

      // Invitation only: the bare room link turns a newcomer away; Dana may come back.
      await host.page.getByTestId('invitation-only').check()
      await dana.page.getByTestId('invitation-only-badge').waitFor()
      const sid = await chatty.person(options)
      await sid.page.goto(roomLink)
      await sid.page.getByRole('heading', { name: 'This room takes invitations only' }).waitFor()
      await shot(sid.page, 'invitation-only', look)
      await dana.page.reload()
      await expect.poll(() => dana.page.getByTestId('chat-input').isEnabled()).toBe(true)

      // A revoked invitation says so.
      const revoked = await invite(host.page, 'Ravi')
      await host.page.getByTestId('invitation-revoke').click()
      await expect.poll(() => host.page.getByTestId('invitation-item').count()).toBe(0)
      const ravi = await chatty.person(options)
      await ravi.page.goto(revoked)
      await ravi.page.getByRole('heading', { name: 'This invitation was revoked' }).waitFor()

      // The host's room, invitation only, with the badge everyone sees.
      await host.page.keyboard.press('Escape')
      await host.page.getByTestId('invitations-panel').waitFor({ state: 'detached' })
      await host.page.getByTestId('invitation-only-badge').waitFor()
      await shot(host.page, 'room-invitation-only', look)

      const everyone = [host, dana, eve, sid, ravi]
      expect(everyone.flatMap((p) => p.errors)).toEqual([])
      await Promise.all(everyone.map((p) => p.context.close()))
    })
  }
})
