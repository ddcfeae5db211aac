import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MessageFrame } from '../../../../protocol/frames'
import { notificationBody, useDesktopNotifications } from '../useDesktopNotifications'

const shown: { title: string; options?: NotificationOptions }[] = []
let permission: NotificationPermission = 'default'
const requestPermission = vi.fn(async () => (permission = 'granted'))

class FakeNotification {
  static get permission() {
    return permission
  }
  static requestPermission = requestPermission
  onclick: (() => void) | null = null
  constructor(title: string, options?: NotificationOptions) {
    shown.push({ title, options })
  }
  close() {}
}

let hidden = true
const message = (extra: Partial<MessageFrame> = {}): MessageFrame => ({
  type: 'message',
  id: 1,
  sender: 'Bob',
  avatar: 'owl',
  content: 'hey @Alice look',
  timestamp: '2030-01-01T00:00:00.000Z',
  mentions: ['Alice'],
  ...extra,
})

beforeEach(() => {
  localStorage.clear()
  shown.length = 0
  permission = 'default'
  hidden = true
  requestPermission.mockClear()
  vi.stubGlobal('Notification', FakeNotification)
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() =>
    hidden ? 'hidden' : 'visible',
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('useDesktopNotifications', () => {
  it('is off by default and asks for permission only when turned on', async () => {
    const n = useDesktopNotifications()
    expect(n.state.value).toBe('off')
    n.notify(message(), 'Alice')
    expect(shown).toEqual([])
    expect(requestPermission).not.toHaveBeenCalled()

    await n.toggle()
    expect(requestPermission).toHaveBeenCalledTimes(1)
    expect(n.state.value).toBe('on')
    expect(localStorage.getItem('chatty-notifications')).toBe('true')
  })

  it('when on, shows mentions and replies only while the tab is hidden', async () => {
    permission = 'granted'
    const n = useDesktopNotifications()
    await n.toggle()
    expect(requestPermission).not.toHaveBeenCalled()

    n.notify(message(), 'Alice')
    n.notify(message({ mentions: [], reply_to: { id: 1, sender: 'alice' } }), 'Alice')
    hidden = false
    n.notify(message(), 'Alice')
    expect(shown.map((s) => [s.title, s.options?.body])).toEqual([
      ['Bob mentioned you', 'hey @Alice look'],
      ['Bob replied to you', 'hey @Alice look'],
    ])
  })

  it('is remembered on this device, and turning it off keeps it off', async () => {
    permission = 'granted'
    await useDesktopNotifications().toggle()
    const later = useDesktopNotifications()
    expect(later.state.value).toBe('on')
    await later.toggle()
    expect(useDesktopNotifications().state.value).toBe('off')
  })

  it('says so when the browser blocks them, never asks again, and sees a later unblock', async () => {
    permission = 'denied'
    const n = useDesktopNotifications()
    expect(n.state.value).toBe('blocked')
    await n.toggle()
    expect(requestPermission).not.toHaveBeenCalled()
    expect(n.state.value).toBe('blocked')
    permission = 'granted'
    await n.toggle()
    expect(n.state.value).toBe('on')
  })

  it('shows the first words, never ciphertext', () => {
    expect(notificationBody(message({ content: `${'word '.repeat(40)}end` }))).toMatch(
      /^(word ){23}word…$/,
    )
    const opened = { ...message({ content: '' }), undecryptable: true as const }
    expect(notificationBody(opened)).toBe('Message could not be decrypted')
  })

  it('says that a photo or a file came, then its caption', () => {
    const file = { blob: 'b1', name: 'IMG_2.jpg', type: 'image/jpeg', size: 9 }
    expect(notificationBody(message({ sender: 'Ana', content: '', file }))).toBe('Ana sent a photo')
    const doc = { ...file, name: 'q3.pdf', type: 'application/pdf' }
    expect(notificationBody(message({ sender: 'Ana', content: 'for you', file: doc }))).toBe(
      'Ana sent a file: for you',
    )
  })
})
