import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ShareButton from '../ShareButton.vue'

const url = 'http://x.test/room/r1#k'

describe('ShareButton', () => {
  it('closes the QR popup on Escape while its button has focus', async () => {
    const wrapper = mount(ShareButton, { props: { url }, attachTo: document.body })
    const button = wrapper.get('[data-testid=share-qr-button]')
    await button.trigger('click')
    expect(wrapper.find('[data-testid=share-qr]').exists()).toBe(true)
    expect(button.attributes('aria-expanded')).toBe('true')
    ;(button.element as HTMLElement).focus()
    await button.trigger('keydown', { key: 'Escape' })
    expect(wrapper.find('[data-testid=share-qr]').exists()).toBe(false)
    expect(button.attributes('aria-expanded')).toBe('false')
    wrapper.unmount()
  })

  it('while the invite card shows, asks for its QR code instead of a popup over it', async () => {
    const wrapper = mount(ShareButton, {
      props: { url, inviteShown: true },
      attachTo: document.body,
    })
    const button = wrapper.get('[data-testid=share-qr-button]')
    expect(button.attributes('aria-controls')).toBe('invite-qr')
    await button.trigger('click')
    expect(wrapper.find('[data-testid=share-qr]').exists()).toBe(false)
    expect(wrapper.emitted('showInviteQr')).toHaveLength(1)
    wrapper.unmount()
  })
})
