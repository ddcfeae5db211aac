/**
 * The creator's powers in Chromium: a 10-minute room made on the home page counts down from
 * under 10:00; the host locks it and a newcomer sees the locked page; the host removes a
 * member, who sees the removed page and cannot come back from that browser; the host ends
 * the room and the others see the closed page within 2 s (the host: "You ended this room"). Screenshots of the new screens in
 * light, dark and on a 390 px phone.
 */
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, LOOKS } from './support/browser.js'
import { enterName, inPage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

const chatty = useServerAndBrowser({ CHATTY_MAX_ROOM_TTL_SECONDS: '86400' })

/** The host makes a room of `seconds` on the home page and joins it; resolves with its link. */
async function hostRoom(page: Page, seconds = 600): Promise<string> {
  await page.goto('/')
  await page.getByTestId(`lifetime-${seconds}`).click()
  await page.getByTestId('create-room').click()
  await page.waitForURL(/\/room\/[\w-]+#[\w-]{43}$/)
  await enterName(page, 'Hana')
  return page.url()
}

async function joinLink(page: Page, link: string, name: string) {
  await page.goto(link)
  await enterName(page, name)
}

const userRow = (page: Page, name: string) =>
  page.getByTestId('user-list').locator('li', { hasText: name })

describe('creator powers', () => {
  it('offers lifetimes up to what the server allows, and a 10-minute room counts down from under 10:00', async () => {
    const { page } = await chatty.person()
    await page.goto('/')
    await page.getByTestId('lifetime-600').waitFor()
    for (const s of [600, 1800, 3600, 21600, 86400]) {
      expect(await page.getByTestId(`lifetime-${s}`).count()).toBe(1)
    }
    expect(await page.getByTestId('lifetime-604800').count()).toBe(0)
    await page.screenshot({ path: path.join(ARTIFACTS, 'creator-home-lifetime.png') })
    const link = await hostRoom(page, 600)
    const secondsLeft = async () => {
      const text = (await page.getByTestId('countdown').textContent()) ?? ''
      const [, m, s] = /(\d+):(\d\d)/.exec(text) ?? []
      return Number(m) * 60 + Number(s)
    }
    await expect.poll(secondsLeft, { timeout: 5000 }).toBeLessThan(600)
    expect(await secondsLeft()).toBeGreaterThan(570)
    // The creator token is kept for this room, never in the link.
    const roomId = new URL(link).pathname.split('/').pop()!
    const kept = await inPage<string | null>(page, `localStorage.getItem('chatty:host:${roomId}')`)
    expect(JSON.parse(kept!).token).toMatch(/^[\w-]{32}$/)
    expect(link).not.toContain(JSON.parse(kept!).token)
    // Only the host gets the controls.
    expect(await page.getByTestId('lock-toggle').isVisible()).toBe(true)
    const guest = await chatty.person()
    await joinLink(guest.page, link, 'Gus')
    expect(await guest.page.getByTestId('lock-toggle').count()).toBe(0)
    expect(await guest.page.getByTestId('destroy-room').count()).toBe(0)
    expect(await guest.page.getByTestId('remove-member').count()).toBe(0)
  })

  it('locks: everyone sees it, a third browser is told before any name is asked; unlocking lets people in', async () => {
    const host = await chatty.person()
    const link = await hostRoom(host.page)
    const guest = await chatty.person()
    await joinLink(guest.page, link, 'Gus')
    await host.page.getByTestId('lock-toggle').click()
    await guest.page.getByTestId('locked-badge').waitFor()
    expect(await host.page.getByTestId('lock-toggle').getAttribute('aria-pressed')).toBe('true')
    await host.page.screenshot({ path: path.join(ARTIFACTS, 'creator-host-locked.png') })

    for (const look of LOOKS) {
      const third = await chatty.person(look)
      await third.page.goto(link)
      await third.page.getByRole('heading', { name: 'This room is locked' }).waitFor()
      expect(await third.page.getByTestId('name-modal').count()).toBe(0)
      await third.page.screenshot({ path: path.join(ARTIFACTS, `creator-locked-${look.name}.png`) })
      await third.context.close()
    }
    await host.page.getByTestId('lock-toggle').click()
    await guest.page.getByTestId('locked-badge').waitFor({ state: 'detached' })
    const late = await chatty.person()
    await joinLink(late.page, link, 'Late')
  })

  it('removes a member: they see the removed page and cannot rejoin from that browser', async () => {
    const host = await chatty.person()
    const link = await hostRoom(host.page)
    const bob = await chatty.person(LOOKS[1])
    await joinLink(bob.page, link, 'Bob')
    await userRow(host.page, 'Bob').getByTestId('remove-member').click()
    await host.page.getByTestId('confirm-dialog').waitFor()
    await host.page.screenshot({ path: path.join(ARTIFACTS, 'creator-confirm-remove.png') })
    await host.page.getByTestId('confirm-ok').click()
    await bob.page.getByRole('heading', { name: 'You were removed from this room' }).waitFor()
    await bob.page.screenshot({ path: path.join(ARTIFACTS, 'creator-removed-dark.png') })
    await expect.poll(() => userRow(host.page, 'Bob').count()).toBe(0)
    await host.page.locator('text=Bob was removed by the host').first().waitFor({ timeout: 5000 })

    // The same browser opening the link again (it joins with its remembered name): still out.
    await bob.page.goto(link)
    await bob.page.getByRole('heading', { name: 'You were removed from this room' }).waitFor()
    for (const look of [LOOKS[0], LOOKS[2]]) {
      const page = (await chatty.person(look)).page
      await joinLink(page, link, `Kicked ${look.name}`)
      await userRow(host.page, `Kicked ${look.name}`).getByTestId('remove-member').click()
      await host.page.getByTestId('confirm-ok').click()
      await page.getByRole('heading', { name: 'You were removed from this room' }).waitFor()
      await page.screenshot({ path: path.join(ARTIFACTS, `creator-removed-${look.name}.png`) })
    }
  })

  it('ends the room after a confirmation: the other browser sees the closed page within 2 s', async () => {
    const host = await chatty.person()
    const link = await hostRoom(host.page)
    const roomId = new URL(link).pathname.split('/').pop()!
    const guests = await Promise.all(LOOKS.map((look) => chatty.person(look)))
    for (const [i, g] of guests.entries()) await joinLink(g.page, link, `Guest ${i}`)
    await host.page.getByTestId('destroy-room').click()
    await host.page.getByTestId('confirm-dialog').waitFor()
    await host.page.screenshot({ path: path.join(ARTIFACTS, 'creator-confirm-destroy.png') })
    // Cancel keeps the room.
    await host.page.getByTestId('confirm-cancel').click()
    expect(await guests[0]!.page.getByTestId('chat-input').isEnabled()).toBe(true)

    await host.page.getByTestId('destroy-room').click()
    await host.page.getByTestId('confirm-ok').click()
    const started = Date.now()
    const closedPage = (page: Page, timeout: number) =>
      page.getByRole('heading', { name: 'This room was closed by its host' }).waitFor({ timeout })
    await closedPage(guests[0]!.page, 2000)
    expect(Date.now() - started).toBeLessThan(2000)
    await Promise.all(guests.map((g) => closedPage(g.page, 5000)))
    for (const [i, look] of LOOKS.entries()) {
      await guests[i]!.page.screenshot({
        path: path.join(ARTIFACTS, `creator-closed-${look.name}.png`),
      })
    }
    // The host is told what they did, not about "the host" in the third person.
    await host.page.getByRole('heading', { name: 'You ended this room' }).waitFor()
    expect(await host.page.title()).toBe('Room closed — Chatty')
    expect(await host.page.getByTestId('room-closed-by-you').textContent()).toContain(
      'deleted for good',
    )
    expect(await host.page.getByText(/\bhost\b/i).count()).toBe(0)
    for (const look of LOOKS) {
      await host.page.emulateMedia({ colorScheme: look.colorScheme })
      await host.page.setViewportSize(look.viewport)
      await host.page.screenshot({
        path: path.join(ARTIFACTS, `creator-ended-by-you-${look.name}.png`),
      })
    }
    // The host's browser forgot the token with the room.
    expect(
      await inPage<string | null>(host.page, `localStorage.getItem('chatty:host:${roomId}')`),
    ).toBeNull()
    const res = await fetch(`${chatty.server.baseUrl}/api/rooms/${roomId}`)
    expect(res.status).toBe(404)
  })

  it('fits the host controls on a 390 px phone and in dark mode', async () => {
    for (const look of [LOOKS[2], LOOKS[1]]) {
      const host = await chatty.person(look)
      const link = await hostRoom(host.page)
      const guest = await chatty.person(look)
      await joinLink(guest.page, link, 'Gus')
      if (look.isMobile) {
        // On a phone the host's buttons are in the people panel.
        expect(await host.page.getByTestId('lock-toggle').isVisible()).toBe(false)
        await host.page.getByTestId('user-count').click()
        await host.page.getByTestId('panel-lock-toggle').click()
        await host.page.screenshot({ path: path.join(ARTIFACTS, 'creator-host-panel-phone.png') })
        await host.page.getByTestId('user-panel').getByRole('button', { name: 'Close' }).click()
      } else {
        await host.page.getByTestId('lock-toggle').click()
      }
      await guest.page.getByTestId('locked-badge').waitFor()
      await host.page.getByTestId('locked-badge').waitFor()
      for (const [who, page] of [
        ['host', host.page],
        ['guest', guest.page],
      ] as const) {
        const overflow = await inPage<number>(
          page,
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        )
        await page.screenshot({ path: path.join(ARTIFACTS, `creator-${who}-${look.name}.png`) })
        expect(overflow).toBe(0)
        const box = await page.getByTestId('theme-toggle').boundingBox()
        expect(box!.x + box!.width).toBeLessThanOrEqual(look.viewport.width)
      }
      await host.context.close()
      await guest.context.close()
    }
  })
})
