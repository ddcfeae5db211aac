import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import AvatarImage from '../AvatarImage.vue'
import DisplayNameModal from '../room/DisplayNameModal.vue'
import { AVATARS, DRAWN_AVATAR_IDS } from '../../data/avatars'
import { SEED_AVATAR_IDS as ORIGINAL_IDS } from '../../../../testkit/seed-avatars'

function initialOf(avatar: string, name: string) {
  const wrapper = mount(AvatarImage, { props: { avatar, name, label: `${name}’s avatar` } })
  expect(wrapper.find('img').exists(), avatar).toBe(false)
  const badge = wrapper.get('span')
  expect(badge.attributes('role')).toBe('img')
  expect(badge.attributes('aria-label')).toBe(`${name}’s avatar`)
  return badge.text()
}

describe('AvatarImage', () => {
  it('draws an avatar this app has a drawing of', () => {
    const wrapper = mount(AvatarImage, { props: { avatar: 'fox', name: 'Alice', size: 24 } })
    const img = wrapper.get('img')
    expect(img.attributes('src')).toBe(
      'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(AVATARS.fox.svg),
    )
    expect(img.attributes('style')).toContain('width: 24px')
    expect(wrapper.find('span').exists()).toBe(false)
  })

  it('shows the name’s initial for "afro" and every other id of the original service', () => {
    expect(initialOf('afro', 'alice')).toBe('A')
    for (const id of ORIGINAL_IDS) expect(initialOf(id, 'Zoë')).toBe('Z')
  })

  it('shows the initial for the empty avatar and for ids that only look like object keys', () => {
    expect(initialOf('', 'bob')).toBe('B')
    // Valid ids by the protocol's pattern, and properties of every plain object.
    for (const id of ['constructor', 'tostring', '__proto__', 'hasownproperty']) {
      expect(initialOf(id, 'Éva')).toBe('É')
    }
    // The initial is the first character as the person sees it, not half a surrogate pair.
    expect(initialOf('afro', '😀 smile')).toBe('😀')
  })
})

describe('the avatar picker', () => {
  it('offers the initial and exactly the drawn avatars, none of another client’s ids', () => {
    const wrapper = mount(DisplayNameModal, { props: { initial: { name: 'Al', avatar: 'afro' } } })
    const offered = wrapper
      .findAll('input[type=radio][name=avatar]')
      .map((input) => (input.element as HTMLInputElement).value)
    expect(offered).toEqual(['', ...DRAWN_AVATAR_IDS])
    expect(DRAWN_AVATAR_IDS).toHaveLength(16)
    for (const id of ORIGINAL_IDS) expect(offered).not.toContain(id)
    // Each offered avatar shows its drawing in the picker.
    expect(wrapper.findAll('fieldset img')).toHaveLength(16)
    wrapper.unmount()
  })
})
