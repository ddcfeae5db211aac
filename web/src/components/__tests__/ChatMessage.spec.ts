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
})
