import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import ChatMessage, { type ChatMessageView } from '../ChatMessage.vue'

const base: ChatMessageView = {
  id: 7,
  sender: 'Bob',
  avatar: 'owl',
  content: 'meet at noon',
  timestamp: '2030-01-01T12:00:00.000Z',
}

const mounted: VueWrapper[] = []
function show(props: Record<string, unknown>) {
  const wrapper = mount(ChatMessage, {
    props: { message: base, myName: 'Alice', ...props },
    attachTo: document.body,
  })
  mounted.push(wrapper)
  return wrapper
}
afterEach(() => {
  mounted.splice(0).forEach((w) => w.unmount())
  document.body.innerHTML = ''
})

const menuItems = () =>
  [...document.querySelectorAll('[data-testid=message-menu] [role=menuitem]')].map(
    (el) => el.getAttribute('aria-label') ?? el.textContent?.trim(),
  )

describe('a message’s actions', () => {
  it('lets anyone react, reply and copy; its author edit and delete; the host delete', async () => {
    const others = show({})
    await others.get('[data-testid=message-more]').trigger('click')
    expect(menuItems().slice(6)).toEqual(['More reactions', 'Reply', 'Copy text'])
    others.unmount()

    const own = show({ message: { ...base, sender: 'Alice' }, own: true })
    await own.get('[data-testid=message-more]').trigger('click')
    expect(menuItems().slice(6)).toEqual([
      'More reactions',
      'Reply',
      'Edit',
      'Copy text',
      'Delete for everyone',
    ])
    own.unmount()

    const host = show({ host: true })
    await host.get('[data-testid=message-more]').trigger('click')
    expect(menuItems().at(-1)).toBe('Delete for everyone')
    document.querySelector<HTMLElement>('[data-testid=menu-delete]')!.click()
    await host.vm.$nextTick()
    // Deleting someone else's message asks first, saying whose it is.
    expect(document.querySelector('[data-testid=confirm-dialog]')?.textContent).toContain(
      'Delete Bob’s message for everyone?',
    )
    expect(host.emitted('delete')).toBeUndefined()
    document.querySelector<HTMLElement>('[data-testid=confirm-ok]')!.click()
    expect(host.emitted('delete')).toEqual([[7]])
  })

  it('has none in a room that can no longer be written to, nor on one on its way', () => {
    expect(show({ readOnly: true }).find('[data-testid=message-actions]').exists()).toBe(false)
    const pending = show({ message: { ...base, id: null }, own: true, pending: true })
    expect(pending.find('[data-testid=message-actions]').exists()).toBe(false)
    expect(pending.find('[data-testid=sent-mark]').exists()).toBe(false)
  })

  it('edits in place: Enter saves the new text, Escape leaves it', async () => {
    const own = show({ message: { ...base, sender: 'Alice' }, own: true })
    await own.get('[data-testid=message-more]').trigger('click')
    document.querySelector<HTMLElement>('[data-testid=menu-edit]')!.click()
    await own.vm.$nextTick()
    const input = own.get('[data-testid=edit-input]')
    await input.setValue('meet at one')
    await input.trigger('keydown', { key: 'Enter' })
    expect(own.emitted('edit')).toEqual([[7, 'meet at one']])
    expect(own.find('[data-testid=message-editor]').exists()).toBe(false)
  })
})

describe('what a message shows besides its text', () => {
  it('marks one’s own stored message sent', () => {
    expect(show({ own: true }).get('[data-testid=sent-mark]').attributes('aria-label')).toBe('Sent')
    expect(show({}).find('[data-testid=sent-mark]').exists()).toBe(false)
  })

  it('counts reactions per emoji, says who, and toggles one’s own', async () => {
    const message = {
      ...base,
      reactions: [
        { sender: 'Bob', reaction: '👍' },
        { sender: 'Alice', reaction: '👍' },
        { sender: 'Carol', reaction: '🙏' },
      ],
    }
    const wrapper = show({ message })
    const [thumbs, hands] = wrapper.findAll('[data-testid=reaction]')
    expect(thumbs!.text()).toBe('👍2')
    expect(thumbs!.attributes('aria-label')).toBe(
      'thumbs up: 2 reactions, from You, Bob. Take yours back',
    )
    expect(thumbs!.attributes('aria-pressed')).toBe('true')
    expect(thumbs!.attributes('title')).toBe('You, Bob')
    expect(hands!.attributes('aria-label')).toBe(
      'folded hands: 1 reaction, from Carol. React with folded hands too',
    )
    await hands!.trigger('click')
    expect(wrapper.emitted('react')).toEqual([[7, '🙏']])
  })

  it('says "edited" and how long until it vanishes', () => {
    const wrapper = show({
      message: { ...base, edited_at: base.timestamp, vanishAt: Date.now() + 27_500 },
    })
    expect(wrapper.get('[data-testid=edited-mark]').text()).toBe('edited')
    const countdown = wrapper.get('[data-testid=vanish-countdown]')
    expect(countdown.text()).toBe('0:28')
    expect(countdown.attributes('aria-label')).toBe('Vanishes in 28 seconds')
  })

  it('quotes a deleted message as deleted, with nothing of it', () => {
    const wrapper = show({
      message: { ...base, reply_to: { id: 3, sender: 'Carol', deleted: true } },
    })
    const quote = wrapper.get('[data-testid=reply-quote]')
    expect(quote.element.tagName).toBe('P')
    expect(quote.text()).toBe('CarolDeleted message')
  })

  it('marks what the search looks for', () => {
    const wrapper = show({ highlight: 'NOON', current: true })
    expect(wrapper.findAll('[data-testid=search-hit]').map((m) => m.text())).toEqual(['noon'])
  })
})
