import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import ChatInput from '../ChatInput.vue'
import { EMOJI_CATEGORIES } from '../../../data/emoji'

function setup(send = vi.fn(() => true), draft = '') {
  const wrapper = mount(ChatInput, {
    props: {
      send,
      modelValue: draft,
      'onUpdate:modelValue': (v: string) => wrapper.setProps({ modelValue: v }),
    },
    attachTo: document.body,
  })
  return { wrapper, send, textarea: () => wrapper.get('textarea').element as HTMLTextAreaElement }
}

describe('ChatInput', () => {
  it('sends on Enter and clears the draft', async () => {
    const { wrapper, send } = setup()
    await wrapper.get('textarea').setValue('hello there')
    await wrapper.get('textarea').trigger('keydown', { key: 'Enter' })
    expect(send).toHaveBeenCalledWith('hello there', [])
    expect(wrapper.props('modelValue')).toBe('')
    wrapper.unmount()
  })

  it('does not send on Shift+Enter', async () => {
    const { wrapper, send } = setup()
    await wrapper.get('textarea').setValue('line one')
    await wrapper.get('textarea').trigger('keydown', { key: 'Enter', shiftKey: true })
    expect(send).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('keeps the draft when sending is refused', async () => {
    const { wrapper, send } = setup(vi.fn(() => false))
    await wrapper.get('textarea').setValue('keep me')
    await wrapper.get('textarea').trigger('keydown', { key: 'Enter' })
    expect(send).toHaveBeenCalledOnce()
    expect(wrapper.props('modelValue')).toBe('keep me')
    wrapper.unmount()
  })

  it('inserts a picked emoji at the cursor, replacing the selection', async () => {
    const { wrapper, textarea } = setup()
    await wrapper.get('textarea').setValue('Hello world')
    textarea().focus()
    textarea().setSelectionRange(5, 5)
    await wrapper.get('textarea').trigger('blur')
    await wrapper.get('[data-testid=emoji-button]').trigger('click')
    const first = EMOJI_CATEGORIES[0]!.emojis[0]!
    await wrapper
      .get(`[data-testid=emoji-picker] button[aria-label="${first.name}"]`)
      .trigger('click')
    expect(wrapper.props('modelValue')).toBe(`Hello${first.char} world`)

    // The next pick lands after the first one.
    const second = EMOJI_CATEGORIES[0]!.emojis[1]!
    await wrapper
      .get(`[data-testid=emoji-picker] button[aria-label="${second.name}"]`)
      .trigger('click')
    expect(wrapper.props('modelValue')).toBe(`Hello${first.char}${second.char} world`)
    wrapper.unmount()
  })

  it('lets the emoji picker be used with arrow keys and Enter', async () => {
    const { wrapper } = setup()
    await wrapper.get('[data-testid=emoji-button]').trigger('click')
    await nextTick()
    await nextTick()
    const picker = wrapper.get('[data-testid=emoji-picker]')
    const grid = picker.get('[role=tabpanel]')
    await grid.trigger('keydown', { key: 'ArrowRight' })
    await grid.trigger('keydown', { key: 'ArrowDown' })
    await nextTick()
    // Cell 1 + one row of 8 = cell 9 has focus and the roving tabindex.
    const focused = document.activeElement as HTMLElement
    expect(focused.dataset.index).toBe('9')
    expect(focused.getAttribute('tabindex')).toBe('0')
    // Enter on a focused button is a click.
    focused.click()
    await nextTick()
    expect(wrapper.props('modelValue')).toBe(EMOJI_CATEGORIES[0]!.emojis[9]!.char)

    await picker.trigger('keydown', { key: 'Escape' })
    expect(wrapper.find('[data-testid=emoji-picker]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('offers members after @ and completes the chosen name', async () => {
    const wrapper = mount(ChatInput, {
      props: {
        send: () => true,
        members: [
          { name: 'Bob', avatar: 'owl' },
          { name: 'Bella', avatar: '' },
          { name: 'Carol', avatar: 'cat' },
        ],
        modelValue: '',
        'onUpdate:modelValue': (v: string) => wrapper.setProps({ modelValue: v }),
      },
      attachTo: document.body,
    })
    const ta = wrapper.get('textarea')
    await ta.setValue('hi @b')
    ;(ta.element as HTMLTextAreaElement).setSelectionRange(5, 5)
    await ta.trigger('input')
    const options = wrapper.findAll('[role=option]')
    expect(options.map((o) => o.get('span.truncate').text())).toEqual(['Bob', 'Bella'])
    await ta.trigger('keydown', { key: 'ArrowDown' })
    await ta.trigger('keydown', { key: 'Enter' })
    expect(wrapper.props('modelValue')).toBe('hi @Bella ')
    wrapper.unmount()
  })
})
