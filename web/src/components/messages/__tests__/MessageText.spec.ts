import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import MessageText from '../MessageText.vue'

const long = `${'word '.repeat(100)}https://example.com/at/the/end ${'tail '.repeat(200)}`

describe('MessageText folding', () => {
  it('folds a long message behind Show more, with the rest out of the page until asked', async () => {
    const wrapper = mount(MessageText, { props: { content: long } })
    const text = wrapper.get('[data-testid=message-text]')
    const toggle = wrapper.get('[data-testid=fold-toggle]')
    expect(toggle.text()).toBe('Show more')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    expect(toggle.attributes('aria-controls')).toBe(text.attributes('id'))
    expect(text.text().length).toBeLessThan(450)
    expect(text.text().endsWith('…')).toBe(true)
    expect(wrapper.find('a').exists()).toBe(false)

    await toggle.trigger('click')
    expect(toggle.text()).toBe('Show less')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    expect(text.text()).toBe(long.trim())
    expect(wrapper.get('a').attributes('rel')).toBe('noopener noreferrer')

    await toggle.trigger('click')
    expect(toggle.text()).toBe('Show more')
  })

  it('shows a short message whole, without a toggle', () => {
    const wrapper = mount(MessageText, { props: { content: 'see example.net/foo' } })
    expect(wrapper.find('[data-testid=fold-toggle]').exists()).toBe(false)
    expect(wrapper.get('a').attributes()).toMatchObject({
      href: 'https://example.net/foo',
      rel: 'noopener noreferrer',
      target: '_blank',
    })
  })
})
