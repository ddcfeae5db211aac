import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import type { StoredFrame } from '../../../../../protocol/frames'
import RoomMenu from '../RoomMenu.vue'

const messages: StoredFrame[] = [
  {
    type: 'message',
    id: 1,
    sender: 'Bob',
    avatar: 'owl',
    content: 'the plan is on',
    timestamp: '2030-01-01T10:00:00.000Z',
  },
]

afterEach(() => vi.restoreAllMocks())

function setup(notifications: 'on' | 'off' | 'blocked' = 'off') {
  return mount(RoomMenu, {
    props: {
      roomId: 'r1',
      shareUrl: 'http://x/room/r1#k',
      encrypted: true,
      messages,
      notifications,
    },
    attachTo: document.body,
  })
}

describe('RoomMenu', () => {
  it('saves the transcript as a file made in the browser, from the messages on the page', async () => {
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob)
      return 'blob:local/1'
    })
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const fetched = vi.spyOn(globalThis, 'fetch')
    const wrapper = setup()
    await wrapper.get('[data-testid=room-menu-button]').trigger('click')
    await wrapper.get('[data-testid=transcript-md]').trigger('click')

    expect(clicked).toHaveBeenCalledTimes(1)
    const link = clicked.mock.contexts[0] as HTMLAnchorElement
    expect(link.download).toMatch(/^chatty-r1-\d{8}-\d{4}\.md$/)
    expect(blobs[0]!.type).toBe('text/markdown;charset=utf-8')
    expect(await blobs[0]!.text()).toContain('**Bob** · 10:00\nthe plan is on')
    expect(fetched).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid=room-menu]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows the notification switch state and asks the room to toggle it', async () => {
    const wrapper = setup('on')
    await wrapper.get('[data-testid=room-menu-button]').trigger('click')
    const toggle = wrapper.get('[data-testid=notifications-toggle]')
    expect(toggle.attributes('aria-checked')).toBe('true')
    await toggle.trigger('click')
    expect(wrapper.emitted('toggleNotifications')).toHaveLength(1)
    await wrapper.setProps({ notifications: 'blocked' })
    expect(toggle.attributes('aria-checked')).toBe('false')
    expect(toggle.text()).toContain('Blocked')
    wrapper.unmount()
  })
})

describe('RoomMenu for the host', () => {
  it('offers lock and end, closing itself; ending is left to the room view to confirm', async () => {
    const wrapper = mount(RoomMenu, {
      props: {
        roomId: 'r1',
        shareUrl: 'http://x/room/r1#k',
        encrypted: true,
        messages,
        notifications: 'off',
        host: true,
        locked: false,
      },
      attachTo: document.body,
    })
    const open = () => wrapper.get('[data-testid=room-menu-button]').trigger('click')
    await open()
    const lock = wrapper.get('[data-testid=menu-lock-toggle]')
    expect(lock.attributes('aria-checked')).toBe('false')
    expect(lock.text()).toContain('Lock room')
    await lock.trigger('click')
    expect(wrapper.emitted('lock')).toEqual([[true]])
    expect(wrapper.find('[data-testid=room-menu]').exists()).toBe(false)

    await wrapper.setProps({ locked: true })
    await open()
    expect(wrapper.get('[data-testid=menu-lock-toggle]').text()).toContain('Unlock room')
    await wrapper.get('[data-testid=menu-destroy-room]').trigger('click')
    expect(wrapper.emitted('destroy')).toHaveLength(1)
    expect(document.activeElement).toBe(wrapper.get('[data-testid=room-menu-button]').element)
    wrapper.unmount()
  })

  it('has no host items for anyone else', async () => {
    const wrapper = setup()
    await wrapper.get('[data-testid=room-menu-button]').trigger('click')
    expect(wrapper.find('[data-testid=menu-lock-toggle]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=menu-destroy-room]').exists()).toBe(false)
    wrapper.unmount()
  })
})
