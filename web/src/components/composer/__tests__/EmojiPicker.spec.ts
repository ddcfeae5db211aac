import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import EmojiPicker from '../EmojiPicker.vue'

describe('EmojiPicker', () => {
  it('searches what is typed in the grid, with the cursor moved to the search field', async () => {
    const wrapper = mount(EmojiPicker, { attachTo: document.body })
    await nextTick()
    await nextTick()
    const cell = wrapper.get('[data-index="0"]')
    expect(document.activeElement).toBe(cell.element)

    await cell.trigger('keydown', { key: 'h' })
    const search = wrapper.get('#emoji-search')
    expect((search.element as HTMLInputElement).value).toBe('h')
    expect(document.activeElement).toBe(search.element)
    // The next letters land in the field by themselves.
    await search.setValue('he')
    expect(wrapper.text()).toContain('Results for “he”')
    const names = wrapper.findAll('#emoji-grid button').map((b) => b.attributes('aria-label'))
    expect(names.length).toBeGreaterThan(0)
    expect(names.every((n) => n?.includes('he'))).toBe(true)
    wrapper.unmount()
  })

  it('leaves Space, Enter, arrows and shortcuts to the grid', async () => {
    const wrapper = mount(EmojiPicker, { attachTo: document.body })
    await nextTick()
    const cell = wrapper.get('[data-index="0"]')
    for (const init of [{ key: ' ' }, { key: 'Enter' }, { key: 'c', ctrlKey: true }]) {
      await cell.trigger('keydown', init)
    }
    expect((wrapper.get('#emoji-search').element as HTMLInputElement).value).toBe('')
    wrapper.unmount()
  })
})
