import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ChatMessage, { type ChatMessageView } from '../ChatMessage.vue'

const base: ChatMessageView = {
  id: 7,
  sender: 'Mallory',
  avatar: 'robot',
  content: '',
  timestamp: '2030-01-01T12:00:00.000Z',
}

describe('ChatMessage', () => {
  it('renders HTML that someone typed as plain text', () => {
    const content = '<img src=x onerror=alert(1)><script>alert(2)</script><b>bold</b>'
    const wrapper = mount(ChatMessage, { props: { message: { ...base, content } } })
    const text = wrapper.get('[data-testid=message-text]')
    expect(text.text()).toBe(content)
    expect(text.find('img').exists()).toBe(false)
    expect(text.find('script').exists()).toBe(false)
    expect(text.find('b').exists()).toBe(false)
  })

  it('turns http(s) URLs into safe links and leaves other schemes as text', () => {
    const content = 'see https://example.com/x?y=1, (http://a.test/p) and javascript:alert(1)'
    const wrapper = mount(ChatMessage, { props: { message: { ...base, content } } })
    const links = wrapper.findAll('a')
    expect(links.map((a) => a.attributes('href'))).toEqual([
      'https://example.com/x?y=1',
      'http://a.test/p',
    ])
    for (const a of links) {
      expect(a.attributes('target')).toBe('_blank')
      expect(a.attributes('rel')).toBe('noopener noreferrer')
    }
    expect(wrapper.get('[data-testid=message-text]').text()).toBe(content)
  })

  it('highlights a mention of me and quotes the message it replies to', async () => {
    const wrapper = mount(ChatMessage, {
      props: {
        myName: 'Alice',
        message: {
          ...base,
          content: 'hey @Alice look',
          mentions: ['Alice'],
          reply_to: { id: 3, sender: 'Bob', excerpt: 'the <original>' },
        },
      },
    })
    expect(wrapper.get('article').attributes('data-mentions-me')).toBe('true')
    const quote = wrapper.get('[data-testid=reply-quote]')
    expect(quote.text()).toContain('the <original>')
    await quote.trigger('click')
    expect(wrapper.emitted('jump')).toEqual([[3]])
    await wrapper.get('[data-testid=reply-button]').trigger('click')
    expect(wrapper.emitted('reply')).toEqual([[7]])
  })

  it('lays out every message and name by its own direction', () => {
    const wrapper = mount(ChatMessage, {
      props: { message: { ...base, sender: 'سارة', content: 'مرحبا، كيف حالك؟' } },
    })
    expect(wrapper.get('[data-testid=message-text]').attributes('dir')).toBe('auto')
    const name = wrapper.findAll('span').find((s) => s.text() === 'سارة')
    expect(name?.attributes('dir')).toBe('auto')
  })

  it('shows code in a monospace face as text, never as HTML', () => {
    const content = 'try `<b>x</b>` or\n```\n<img src=x onerror=alert(1)>\nline 2\n```'
    const wrapper = mount(ChatMessage, { props: { message: { ...base, content } } })
    const inline = wrapper.get('[data-testid=inline-code]')
    expect(inline.element.tagName).toBe('CODE')
    expect(inline.classes()).toContain('font-mono')
    expect(inline.text()).toBe('<b>x</b>')
    const block = wrapper.get('[data-testid=code-block]')
    expect(block.element.tagName).toBe('PRE')
    expect(block.classes()).toContain('font-mono')
    expect(block.text()).toBe('<img src=x onerror=alert(1)>\nline 2')
    const text = wrapper.get('[data-testid=message-text]')
    expect(text.find('img').exists()).toBe(false)
    expect(text.find('b').exists()).toBe(false)
    expect(text.text()).not.toContain('`')
  })

  it('enlarges a message of emoji alone, and only that', () => {
    const big = mount(ChatMessage, { props: { message: { ...base, content: '🎉🎉' } } })
    expect(big.get('[data-testid=message-text]').attributes('data-emoji-only')).toBe('true')
    expect(big.get('[data-testid=message-text]').classes()).toContain('text-4xl')
    const small = mount(ChatMessage, { props: { message: { ...base, content: 'yay 🎉' } } })
    expect(small.get('[data-testid=message-text]').attributes('data-emoji-only')).toBeUndefined()
  })

  it('links a bare www. address like an https one', () => {
    const wrapper = mount(ChatMessage, {
      props: { message: { ...base, content: 'at www.example.com.' } },
    })
    const a = wrapper.get('a')
    expect(a.attributes('href')).toBe('https://www.example.com/')
    expect(a.attributes('rel')).toBe('noopener noreferrer')
    expect(a.text()).toBe('www.example.com')
  })

  it('draws a mention in one’s own bubble in white, not in the bubble’s own colour', () => {
    const wrapper = mount(ChatMessage, {
      props: {
        own: true,
        myName: 'Alice',
        message: { ...base, sender: 'Alice', content: 'hi @Bob', mentions: ['Bob'] },
      },
    })
    const mention = wrapper.findAll('span').find((s) => s.text() === '@Bob')!
    expect(mention.classes()).toContain('text-white')
    expect(mention.classes().some((c) => c.startsWith('text-brand'))).toBe(false)
  })

  it('gives a follow-up in a group its time, shown on hover or focus', () => {
    const wrapper = mount(ChatMessage, { props: { grouped: true, message: { ...base } } })
    const time = wrapper.get('[data-testid=hover-time]')
    expect(time.attributes('datetime')).toBe(base.timestamp)
    expect(time.text()).not.toBe('')
    expect(time.classes()).toEqual(
      expect.arrayContaining(['invisible', 'group-hover:visible', 'group-focus-within:visible']),
    )
    // The first of a group shows its time in its header already.
    const first = mount(ChatMessage, { props: { message: { ...base } } })
    expect(first.find('[data-testid=hover-time]').exists()).toBe(false)
  })

  it('in a room that can no longer be written to, offers no Reply, Retry or Discard', () => {
    const unsent = {
      message: { ...base, id: null, content: 'lost words' },
      pending: true,
      unsent: true,
    }
    const live = mount(ChatMessage, { props: unsent })
    expect(live.text()).toContain('Not sent')
    expect(live.findAll('button').map((b) => b.text())).toEqual(['Retry', 'Discard'])

    const lost = mount(ChatMessage, { props: { ...unsent, readOnly: true } })
    expect(lost.text()).toContain('Not sent')
    expect(lost.findAll('button')).toHaveLength(0)
    const stored = mount(ChatMessage, {
      props: { message: { ...base, content: 'hi' }, readOnly: true },
    })
    expect(stored.find('[data-testid=reply-button]').exists()).toBe(false)
  })
})
