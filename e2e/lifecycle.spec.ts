/**
 * What people do to messages already sent, in real browsers, in encrypted rooms: delete,
 * edit, react, vanishing timers, search in the conversation, and the "sent" mark.
 */
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { describeViolations, seriousViolations } from './support/axe.js'
import { ARTIFACTS } from './support/browser.js'
import { enterName, inPage, messageTexts, send, waitForMessage } from './support/chat.js'
import { useServerAndBrowser } from './support/setup.js'

// Many messages for the search, sent as fast as the page sends them.
const chatty = useServerAndBrowser({
  CHATTY_MESSAGES_PER_SECOND: '200',
  CHATTY_MESSAGE_BURST: '200',
})

const PHONE = { width: 390, height: 844 }

/** The stored message whose own text (not a quote of it) holds `text`. */
const bubble = (page: Page, text: string) =>
  page.locator('article[data-message-id]', {
    has: page.locator('[data-testid=message-text]', { hasText: text }),
  })

/** Whether the element is wholly inside the message list's visible part. */
function inView(locator: Locator): Promise<boolean> {
  // The e2e code is typechecked without the DOM library: the element's few members, by hand.
  type Box = { getBoundingClientRect(): { top: number; bottom: number } }
  type El = Box & { closest(selector: string): Box }
  return locator.evaluate((node) => {
    const el = node as unknown as El
    const list = el.closest('[data-testid=message-list]').getBoundingClientRect()
    const box = el.getBoundingClientRect()
    return box.top >= list.top && box.bottom <= list.bottom
  })
}

/** Opens a message's ⋯ menu, as a mouse user does (hover, then ⋯). */
async function openMenu(page: Page, text: string) {
  const message = bubble(page, text)
  await message.hover()
  await message.getByTestId('message-more').click()
  await page.getByTestId('message-menu').waitFor()
}

/** Creates an encrypted room from the home page (the default) and joins it as `name`. */
async function createRoom(page: Page, name: string): Promise<string> {
  await page.goto('/')
  await page.getByTestId('create-room').click()
  await page.waitForURL(/\/room\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/)
  await enterName(page, name, 'fox')
  return page.url()
}

async function join(page: Page, link: string, name: string, avatar: string) {
  await page.goto(link)
  await enterName(page, name, avatar)
}

describe('message lifecycle in an encrypted room', () => {
  it('deletes, edits, reacts, vanishes and finds messages for everyone, late joiners too', async () => {
    const alice = await chatty.person()
    const bob = await chatty.person({ colorScheme: 'dark' })
    const link = await createRoom(alice.page, 'Alice')
    await join(bob.page, link, 'Bob', 'owl')

    // A 30-second timer, chosen in the composer; the next message is back to no timer.
    await alice.page.getByTestId('vanish-button').click()
    await alice.page.getByTestId('vanish-30').click()
    expect(await alice.page.getByTestId('vanish-label').textContent()).toBe('30s')
    await send(alice.page, 'the door code is 4711 MARKER-vanish')
    await waitForMessage(bob.page, 'MARKER-vanish')
    await alice.page.getByTestId('vanish-button').click()
    await alice.page.getByTestId('vanish-0').click()
    for (const page of [alice.page, bob.page]) {
      const countdown = bubble(page, 'MARKER-vanish').getByTestId('vanish-countdown')
      expect(await countdown.textContent()).toMatch(/0:[0-3]\d/)
      expect(await countdown.getAttribute('aria-label')).toMatch(/^Vanishes in \d+ seconds?$/)
    }

    // Sent: one's own stored message carries the quiet mark.
    await send(alice.page, 'oops, wrong room MARKER-delete')
    await waitForMessage(bob.page, 'MARKER-delete')
    await bubble(alice.page, 'MARKER-delete').getByTestId('sent-mark').waitFor()
    expect(await bubble(bob.page, 'MARKER-delete').getByTestId('sent-mark').count()).toBe(0)

    // Bob answers it; then Alice deletes it: gone from Bob's page, his reply quotes nothing of it.
    const original = bubble(bob.page, 'MARKER-delete')
    await original.hover()
    await original.getByTestId('reply-button').click()
    await send(bob.page, 'what was that? MARKER-reply')
    await waitForMessage(alice.page, 'MARKER-reply')
    await openMenu(alice.page, 'MARKER-delete')
    await alice.page.getByTestId('menu-delete').click()
    const dialog = alice.page.getByTestId('confirm-dialog')
    expect(await dialog.textContent()).toContain('Delete your message for everyone?')
    await alice.page.getByTestId('confirm-ok').click()
    for (const page of [alice.page, bob.page]) {
      await expect.poll(() => bubble(page, 'MARKER-delete').count()).toBe(0)
      const quote = bubble(page, 'MARKER-reply').getByTestId('reply-quote')
      await expect.poll(() => quote.textContent()).toMatch(/Alice\s*Deleted message/)
    }

    // An edit: the new text everywhere, marked edited.
    await send(alice.page, 'meet at 5 MARKER-edit')
    await waitForMessage(bob.page, 'MARKER-edit')
    await openMenu(alice.page, 'MARKER-edit')
    await alice.page.getByTestId('menu-edit').click()
    const editor = alice.page.getByTestId('edit-input')
    expect(await editor.inputValue()).toBe('meet at 5 MARKER-edit')
    await editor.fill('meet at 6 MARKER-edited')
    await editor.press('Enter')
    for (const page of [alice.page, bob.page]) {
      await waitForMessage(page, 'meet at 6 MARKER-edited')
      await bubble(page, 'MARKER-edited').getByTestId('edited-mark').waitFor()
    }
    expect(await messageTexts(bob.page)).not.toContain('meet at 5 MARKER-edit')

    // A reaction (sealed: the server sees an envelope): its count and who, on Alice's page.
    const edited = bubble(bob.page, 'MARKER-edited')
    await edited.hover()
    await edited.getByTestId('react-button').click()
    await bob.page.getByRole('button', { name: 'React with thumbs up' }).click()
    const thumbs = bubble(alice.page, 'MARKER-edited').locator('[data-emoji="👍"]')
    await expect.poll(() => thumbs.textContent()).toContain('1')
    expect(await thumbs.getAttribute('aria-label')).toBe(
      'thumbs up: 1 reaction, from Bob. React with thumbs up too',
    )
    expect(await thumbs.getAttribute('title')).toBe('Bob')
    // Alice adds hers by clicking the count; clicking again takes it back.
    await thumbs.click()
    await expect.poll(() => thumbs.getAttribute('aria-label')).toMatch(/^thumbs up: 2 reactions/)
    expect(await thumbs.getAttribute('aria-pressed')).toBe('true')
    await bubble(bob.page, 'MARKER-edited').locator('[data-emoji="👍"]', { hasText: '2' }).waitFor()
    await thumbs.click()
    await expect.poll(() => thumbs.getAttribute('aria-pressed')).toBe('false')
    expect(await thumbs.textContent()).toContain('1')

    // The host deletes anyone's message, after saying so.
    await send(bob.page, 'something rude MARKER-rude')
    await waitForMessage(alice.page, 'MARKER-rude')
    await openMenu(alice.page, 'MARKER-rude')
    await alice.page.getByTestId('menu-delete').click()
    expect(await alice.page.getByTestId('confirm-dialog').textContent()).toContain(
      'Delete Bob’s message for everyone?',
    )
    await alice.page.getByTestId('confirm-ok').click()
    await expect.poll(() => bubble(bob.page, 'MARKER-rude').count()).toBe(0)

    // The host's default timer reaches everyone's composer; and back off.
    await alice.page.getByTestId('room-menu-button').click()
    await alice.page.getByTestId('vanish-default-60').click()
    await expect.poll(() => bob.page.getByTestId('vanish-label').textContent()).toBe('1m')
    await alice.page.getByTestId('room-menu-button').click()
    await alice.page.getByTestId('vanish-default-0').click()
    await expect.poll(() => bob.page.getByTestId('vanish-label').count()).toBe(0)

    // Search: one message among many, found in the browser (Ctrl+F opens it).
    for (let i = 1; i <= 30; i++) await send(bob.page, `filler message number ${i}`)
    await send(bob.page, 'the address is 12 Rue des Lilas MARKER-needle')
    await waitForMessage(alice.page, 'MARKER-needle')
    for (let i = 31; i <= 40; i++) await send(bob.page, `filler message number ${i}`)
    await waitForMessage(alice.page, 'filler message number 40')
    await alice.page.getByTestId('chat-input').click()
    await alice.page.keyboard.press('Control+f')
    const search = alice.page.getByTestId('search-input')
    await search.waitFor()
    expect(await inPage<string>(alice.page, 'document.activeElement.id')).toBe('message-search')
    await search.fill('rue des lilas')
    const count = alice.page.getByTestId('search-count')
    await expect.poll(() => count.textContent()).toBe('1 of 1')
    const found = bubble(alice.page, 'MARKER-needle')
    expect(await found.getByTestId('search-hit').textContent()).toBe('Rue des Lilas')
    await expect.poll(() => inView(found)).toBe(true)
    // Stepping: Enter goes to older matches, Shift+Enter to newer.
    await search.fill('filler message')
    await expect.poll(() => count.textContent()).toBe('1 of 40')
    await search.press('Enter')
    await expect.poll(() => count.textContent()).toBe('2 of 40')
    await alice.page.getByTestId('search-older').click()
    await expect.poll(() => count.textContent()).toBe('3 of 40')
    await search.press('Shift+Enter')
    await expect.poll(() => count.textContent()).toBe('2 of 40')
    await alice.page.screenshot({ path: path.join(ARTIFACTS, 'lifecycle-search-light.png') })
    await search.press('Escape')
    await alice.page.getByTestId('search-bar').waitFor({ state: 'detached' })
    expect(await alice.page.getByTestId('search-hit').count()).toBe(0)

    // Bob's page, dark: the search box from the header button.
    await bob.page.getByTestId('search-button').click()
    await bob.page.getByTestId('search-input').fill('MARKER-edited')
    await expect.poll(() => bob.page.getByTestId('search-count').textContent()).toBe('1 of 1')
    await expect.poll(() => inView(bubble(bob.page, 'MARKER-edited'))).toBe(true)
    await bob.page.screenshot({ path: path.join(ARTIFACTS, 'lifecycle-search-dark.png') })
    await bob.page.getByTestId('search-close').click()

    // The 30-second message leaves both pages at its deadline (the server's own timer).
    for (const page of [alice.page, bob.page]) {
      await expect
        .poll(() => bubble(page, 'MARKER-vanish').count(), { timeout: 40_000, interval: 500 })
        .toBe(0)
    }

    // A late joiner gets neither the deleted nor the vanished message, and the edit as it is.
    const carol = await chatty.person()
    await join(carol.page, link, 'Carol', 'cat')
    await waitForMessage(carol.page, 'filler message number 40')
    const texts = await messageTexts(carol.page)
    expect(texts.join('\n')).not.toMatch(/MARKER-(vanish|delete|rude)|meet at 5/)
    expect(texts).toContain('meet at 6 MARKER-edited')
    await bubble(carol.page, 'MARKER-edited').getByTestId('edited-mark').waitFor()
    expect(
      await bubble(carol.page, 'MARKER-edited').locator('[data-emoji="👍"]').textContent(),
    ).toContain('1')
    expect(
      await bubble(carol.page, 'MARKER-reply').getByTestId('reply-quote').textContent(),
    ).toMatch(/Deleted message/)

    expect(chatty.server.output()).not.toMatch(/MARKER-|4711|Lilas/)
    expect([...alice.errors, ...bob.errors, ...carol.errors]).toEqual([])
    for (const p of [alice, bob, carol]) await p.context.close()
  }, 150_000)

  it('shows actions, reactions, edits and countdowns in light, dark and on a 390 px phone', async () => {
    const alice = await chatty.person()
    const link = await createRoom(alice.page, 'Alice')
    const bob = await chatty.person({ viewport: PHONE, isMobile: true, colorScheme: 'dark' })
    const dark = await chatty.person({ colorScheme: 'dark' })
    await join(bob.page, link, 'Bob', 'owl')
    await join(dark.page, link, 'Dee', 'cat')

    await send(bob.page, 'Lunch at the usual place?')
    await waitForMessage(alice.page, 'usual place')
    await send(alice.page, 'Yes! 12:30 works for me')
    await waitForMessage(bob.page, '12:30')
    await openMenu(alice.page, '12:30')
    await alice.page.getByTestId('menu-edit').click()
    await alice.page.getByTestId('edit-input').fill('Yes! 12:45 works for me')
    await alice.page.getByTestId('edit-input').press('Enter')
    await waitForMessage(bob.page, '12:45')
    await alice.page.getByTestId('vanish-button').click()
    await alice.page.getByTestId('vanish-300').click()
    await send(alice.page, 'Table booked under my name, code 2231')
    await waitForMessage(bob.page, 'code 2231')

    // On the phone: the ⋯ button (no hover there) opens everything, reactions first.
    const lunch = bubble(bob.page, 'usual place')
    expect(await lunch.getByTestId('react-button').isVisible()).toBe(false)
    await bubble(bob.page, '12:45').getByTestId('message-more').click()
    await bob.page.getByTestId('message-menu').waitFor()
    await bob.page.screenshot({ path: path.join(ARTIFACTS, 'lifecycle-phone-menu.png') })
    const inMenu = await seriousViolations(bob.page)
    expect(inMenu, describeViolations(inMenu)).toEqual([])
    await bob.page.getByRole('menuitem', { name: 'React with red heart' }).click()
    await bob.page.getByTestId('message-menu').waitFor({ state: 'detached' })
    // A long press on a bubble opens the same menu. (Once the ❤️ is in: a layout shift under
    // the test's parked mouse pointer would end the press with a pointerleave.)
    await bob.page.locator('[data-emoji="❤️"]').waitFor()
    await bob.page.mouse.move(0, 0)
    await inPage(
      bob.page,
      `(() => {
        const el = [...document.querySelectorAll('[data-testid=message-text]')].find((e) => e.textContent.includes('code 2231'))
        const at = el.getBoundingClientRect()
        const opts = { bubbles: true, pointerType: 'touch', isPrimary: true, clientX: at.x + 5, clientY: at.y + 5 }
        el.dispatchEvent(new PointerEvent('pointerdown', opts))
        return new Promise((done) => setTimeout(() => { el.dispatchEvent(new PointerEvent('pointerup', opts)); done() }, 650))
      })()`,
    )
    await bob.page.getByTestId('message-menu').waitFor()
    await bob.page.getByRole('menuitem', { name: 'React with thumbs up' }).click()
    await dark.page.locator('[data-emoji="❤️"]').waitFor()
    await dark.page.locator('[data-emoji="👍"]').waitFor()
    await alice.page.locator('[data-emoji="👍"]').waitFor()

    // Desktop: the action bar on hover, the reactions, "edited", the countdown.
    for (const person of [alice, dark]) {
      const page = person.page
      await waitForMessage(page, 'code 2231')
      expect(await bubble(page, 'code 2231').getByTestId('vanish-countdown').textContent()).toMatch(
        /^[45]:[0-5]\d$/,
      )
      await bubble(page, '12:45').getByTestId('edited-mark').waitFor()
      await bubble(page, 'usual place').hover()
      await bubble(page, 'usual place').getByTestId('react-button').click()
      await page.getByTestId('reaction-picker').waitFor()
    }
    await alice.page.screenshot({ path: path.join(ARTIFACTS, 'lifecycle-light.png') })
    await dark.page.screenshot({ path: path.join(ARTIFACTS, 'lifecycle-dark.png') })
    // Reactions, marks, the action bar and the open picker pass axe, light and dark.
    for (const page of [alice.page, dark.page]) {
      const found = await seriousViolations(page)
      expect(found, describeViolations(found)).toEqual([])
    }
    // Escape closes the picker and gives the focus back to React.
    await alice.page.keyboard.press('Escape')
    await alice.page.getByTestId('reaction-picker').waitFor({ state: 'detached' })
    expect(await inPage<string>(alice.page, 'document.activeElement.dataset.testid')).toBe(
      'react-button',
    )

    // On the phone, search is in the ⋮ menu.
    expect(await bob.page.getByTestId('search-button').isVisible()).toBe(false)
    await bob.page.getByTestId('room-menu-button').click()
    await bob.page.getByTestId('menu-search').click()
    await bob.page.getByTestId('search-input').fill('lunch')
    await expect.poll(() => bob.page.getByTestId('search-count').textContent()).toBe('1 of 1')
    const width = await inPage<number>(bob.page, 'document.documentElement.scrollWidth')
    expect(width).toBeLessThanOrEqual(PHONE.width)
    // Everything in the header fits: its last button (the theme switch) is on screen.
    const theme = await bob.page.locator('header button').last().boundingBox()
    expect(theme!.x + theme!.width).toBeLessThanOrEqual(PHONE.width)
    await bob.page.screenshot({ path: path.join(ARTIFACTS, 'lifecycle-phone-search.png') })
    const searching = await seriousViolations(bob.page)
    expect(searching, describeViolations(searching)).toEqual([])

    expect([...alice.errors, ...bob.errors, ...dark.errors]).toEqual([])
    for (const p of [alice, bob, dark]) await p.context.close()
  }, 90_000)

  it('works the same in a plain room, where the server reads the emoji and the new text', async () => {
    const { alice, bob } = await chatty.aliceAndBob()
    await send(alice.page, 'plain words MARKER-plain')
    await waitForMessage(bob.page, 'MARKER-plain')
    const theirs = bubble(bob.page, 'MARKER-plain')
    await theirs.hover()
    await theirs.getByTestId('react-button').click()
    await bob.page.getByTestId('more-reactions').click()
    await bob.page.getByTestId('emoji-picker').locator('input').fill('rocket')
    await bob.page.getByRole('button', { name: 'rocket', exact: true }).click()
    const rocket = bubble(alice.page, 'MARKER-plain').locator('[data-emoji="🚀"]')
    await expect
      .poll(() => rocket.getAttribute('aria-label'))
      .toBe('rocket: 1 reaction, from Bob. React with rocket too')
    await openMenu(alice.page, 'MARKER-plain')
    await alice.page.getByTestId('menu-edit').click()
    await alice.page.getByTestId('edit-input').fill('better words MARKER-plain2')
    await alice.page.getByTestId('edit-save').click()
    await waitForMessage(bob.page, 'better words MARKER-plain2')
    await bubble(bob.page, 'MARKER-plain2').getByTestId('edited-mark').waitFor()
    expect(await bubble(bob.page, 'MARKER-plain2').locator('[data-emoji="🚀"]').count()).toBe(1)
    await openMenu(alice.page, 'MARKER-plain2')
    await alice.page.getByTestId('menu-delete').click()
    await alice.page.getByTestId('confirm-ok').click()
    await expect.poll(() => bubble(bob.page, 'MARKER-plain').count()).toBe(0)
    expect([...alice.errors, ...bob.errors]).toEqual([])
    for (const p of [alice, bob]) await p.context.close()
  })
})
