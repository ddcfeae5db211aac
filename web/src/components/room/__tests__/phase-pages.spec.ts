import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import type { LookupState } from '../../../composables/useRoomLookup'
import type { RoomPhase } from '../../../lib/room-phase'
import { PHASE_PAGES, shownPhase, type ShownPhase } from '../phase-pages'
import MissingKeyPage from '../MissingKeyPage.vue'
import RoomNotFoundPage from '../RoomNotFoundPage.vue'
import RoomStatusPage from '../RoomStatusPage.vue'

const reasons = { pageError: '', lookupError: '' }

function page(phase: ShownPhase, given = reasons) {
  const status = PHASE_PAGES[phase].status
  if (!status) throw new Error(`${phase} has no status page`)
  return mount(RoomStatusPage, {
    props: { page: status, reasons: given },
    global: { stubs: { RouterLink: true, CreateRoomButton: true, TheHeader: true } },
  })
}

describe('shownPhase', () => {
  it('lets a missing room or key decide first, then an ending, then a failed lookup', () => {
    const cases: [LookupState, RoomPhase, ShownPhase][] = [
      ['not-found', 'name', 'not-found'],
      ['ok', 'not-found', 'not-found'],
      ['missing-key', 'name', 'missing-key'],
      ['ok', 'removed', 'removed'],
      ['error', 'full', 'full'],
      ['error', 'name', 'error'],
      ['error', 'expired', 'error'],
      ['ok', 'error', 'error'],
      ['ok', 'expired', 'expired'],
      ['loading', 'name', 'name'],
      ['ok', 'ready', 'ready'],
    ]
    for (const [lookup, phase, shown] of cases) {
      expect(shownPhase(lookup, phase), `${lookup} + ${phase}`).toBe(shown)
    }
  })

  it('says "another tab" or "locked" before any name is asked, and "moved" over the room', () => {
    expect(shownPhase('other-tab', 'name')).toBe('other-tab')
    expect(shownPhase('locked', 'name')).toBe('locked')
    expect(shownPhase('locked-member', 'name')).toBe('locked-member')
    expect(shownPhase('ok', 'ready', true)).toBe('moved')
    // An ending outranks the handing over: the room is gone for every tab.
    expect(shownPhase('ok', 'closed', true)).toBe('closed')
  })
})

describe('PHASE_PAGES', () => {
  it('names the tab after the page it shows', () => {
    expect(PHASE_PAGES.ready.title).toBe('Room')
    expect(PHASE_PAGES.expired.title).toBe('Room expired')
    expect(PHASE_PAGES['not-found'].title).toBe('Room not found')
    expect(PHASE_PAGES.lost.title).toBe('Room lost')
    expect(PHASE_PAGES['closed-by-you'].title).toBe('Room closed')
    expect(PHASE_PAGES.removed.title).toBe('Removed from the room')
    expect(PHASE_PAGES['missing-key'].title).toBe('Link without its key')
    expect(PHASE_PAGES.error.title).toBe('Can’t open this room')
  })

  it('keeps the room itself for the phases of getting in, an expiry and a lost room', () => {
    for (const phase of ['name', 'joining', 'ready', 'expired', 'lost'] as const) {
      expect(PHASE_PAGES[phase].status ?? PHASE_PAGES[phase].component).toBeUndefined()
    }
    expect(PHASE_PAGES['missing-key'].component).toBe(MissingKeyPage)
  })

  it('draws an ending with its heading and its test id on the page or on its words', () => {
    // Not found has a page of its own (it speaks of the server's lifetimes).
    expect(PHASE_PAGES['not-found'].component).toBe(RoomNotFoundPage)

    const closed = page('closed')
    expect(closed.get('h1').text()).toBe('This room was closed by its host')
    expect(closed.get('[data-testid="room-closed"]').text()).toContain('deleted for good')
  })

  it('speaks to the host who ended the room as “you”', () => {
    const mine = page('closed-by-you')
    expect(mine.get('h1').text()).toBe('You ended this room')
    expect(mine.get('[data-testid="room-closed-by-you"]').text()).toContain('deleted for good')
    expect(mine.text()).not.toMatch(/\bhost\b/i)
  })

  it('shows the server’s own words when it sent some, and offers a new room or a retry', async () => {
    expect(page('full').get('[data-testid="room-full"]').text()).toBe(
      'Everyone who fits is already here. Try again later.',
    )
    const full = page('full', { pageError: 'This room is full (20 people).', lookupError: '' })
    expect(full.get('[data-testid="room-full"]').text()).toBe('This room is full (20 people).')

    const error = page('error', { pageError: '', lookupError: 'Chatty could not be reached.' })
    expect(error.text()).toContain('Chatty could not be reached.')
    await error.get('button').trigger('click')
    expect(error.emitted('retry')).toHaveLength(1)
  })

  it('offers the one step of a tab or lock page, busy while it is under way', async () => {
    const other = page('other-tab')
    expect(other.get('h1').text()).toBe('You are in this room in another tab')
    const step = other.get('[data-testid="page-step"]')
    expect(step.text()).toBe('Continue here')
    await step.trigger('click')
    expect(other.emitted('step')).toHaveLength(1)
    await other.setProps({ busy: true })
    expect(step.attributes('disabled')).toBeDefined()

    expect(page('moved').get('[data-testid="page-step"]').text()).toBe('Use here')
    expect(page('locked-member').get('[data-testid="page-step"]').text()).toBe('Rejoin')
    expect(page('locked').find('[data-testid="page-step"]').exists()).toBe(false)
  })
})
