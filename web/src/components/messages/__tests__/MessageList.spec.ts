import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import type { StoredFrame } from '../../../../../protocol/frames'
import { othersTookPart } from '../../../lib/messages'
import MessageList from '../MessageList.vue'

const joined = (id: number, name: string): StoredFrame => ({
  type: 'system',
  id,
  sender: '__system__',
  content: `${name} joined the chat`,
  timestamp: '2030-01-01T12:00:00.000Z',
  event: 'join',
  name,
})
const me = { name: 'Alice', avatar: 'fox' }

describe('MessageList first use', () => {
  it('does not count one’s own join notice as conversation', () => {
    expect(othersTookPart([joined(1, 'Alice')], 'Alice')).toBe(false)
    expect(othersTookPart([joined(1, 'Alice'), joined(2, 'Bob')], 'Alice')).toBe(true)
  })

  it('shows the invite card with the link and a copy button named by its text', () => {
    const wrapper = mount(MessageList, {
      props: {
        messages: [joined(1, 'Alice')],
        pending: [],
        me,
        inviteUrl: 'http://x.test/room/r#k',
      },
    })
    const card = wrapper.get('[data-testid=invite-card]')
    expect(card.get('input').element.value).toBe('http://x.test/room/r#k')
    const button = card.get('[data-testid=invite-copy]')
    expect(button.text()).toBe('Copy link')
    expect(button.attributes('aria-label')).toBeUndefined()
    expect(card.get('h2').text()).toContain('Invite')
  })

  it('hands the cursor on once the invite link is copied', async () => {
    const wrapper = mount(MessageList, {
      props: { messages: [joined(1, 'Alice')], pending: [], me, inviteUrl: 'http://x.test/r#k' },
    })
    await wrapper.get('[data-testid=invite-copy]').trigger('click')
    await vi.waitFor(() => expect(wrapper.emitted('inviteCopied')).toHaveLength(1))
  })

  it('once the card has gone, speaks of no link above', () => {
    const wrapper = mount(MessageList, {
      props: { messages: [joined(1, 'Alice'), joined(2, 'Bob')], pending: [], me },
    })
    const empty = wrapper.get('[data-testid=empty-room]').text()
    expect(empty).not.toContain('above')
    expect(empty).toContain('link button at the top')
  })

  it('puts a warning made as one arrived after one’s own join line', () => {
    const wrapper = mount(MessageList, {
      props: {
        messages: [joined(1, 'Bob'), joined(2, 'Alice')],
        pending: [],
        me,
        warnings: [{ key: 'w', content: 'This room vanishes…', timestamp: '', afterId: 1 }],
      },
    })
    // Each row without its time.
    const rows = wrapper.findAll('p[data-testid]').map((p) => p.get('span').text().split(/ \d/)[0])
    expect(rows).toEqual(['Bob joined the chat', 'Alice joined the chat', 'This room vanishes…'])
  })

  it('places the browser’s expiry notices after the message they followed', () => {
    const wrapper = mount(MessageList, {
      props: {
        messages: [joined(1, 'Alice'), joined(3, 'Bob')],
        pending: [],
        me,
        warnings: [
          { key: 'w', content: 'This room vanishes in 5 minutes.', timestamp: '', afterId: 1 },
        ],
      },
    })
    const order = wrapper.findAll('p[data-testid]').map((p) => p.attributes('data-testid'))
    expect(order).toEqual(['system-notice', 'expiry-notice', 'system-notice'])
  })

  it('offers to save the transcript with each expiry notice', async () => {
    const wrapper = mount(MessageList, {
      props: {
        messages: [joined(1, 'Alice')],
        pending: [],
        me,
        warnings: [
          { key: 'w', content: 'This room vanishes in 1 minute.', timestamp: '', afterId: 1 },
        ],
      },
    })
    const notice = wrapper.get('[data-testid=expiry-notice]')
    await notice.get('button').trigger('click')
    expect(notice.get('button').text()).toBe('Save transcript')
    expect(wrapper.emitted('saveTranscript')).toHaveLength(1)
    expect(wrapper.find('[data-testid=system-notice] button').exists()).toBe(false)
  })
})
