import { computed, ref } from 'vue'
import { useLocalStorage } from '@vueuse/core'
import type { MessageFrame } from '../../../protocol/frames'
import { isInlineImage } from '../lib/files/attachment'
import { attachmentOf } from '../lib/files/open-file-message'
import { QUOTE_UNDECRYPTABLE, type OpenedMessage } from '../lib/frame-decryptor'

export type NotificationState = 'on' | 'off' | 'blocked' | 'unsupported'

const BODY_CHARS = 120

/**
 * The first words of a message, for a notification's body; a file message says what came
 * ("Ana sent a photo"), then its caption.
 */
export function notificationBody(message: MessageFrame): string {
  if ((message as OpenedMessage).undecryptable) return QUOTE_UNDECRYPTABLE
  const text = message.content.replace(/\s+/g, ' ').trim()
  const file = attachmentOf(message)
  if (file) {
    const sent = `${message.sender} sent ${isInlineImage(file) ? 'a photo' : 'a file'}`
    return text ? `${sent}: ${firstWords(text)}` : sent
  }
  return firstWords(text)
}

function firstWords(text: string): string {
  if (text.length <= BODY_CHARS) return text
  const cut = text.slice(0, BODY_CHARS)
  const space = cut.lastIndexOf(' ')
  return `${space > BODY_CHARS / 2 ? cut.slice(0, space) : cut}…`
}

/**
 * Desktop notifications for mentions and replies while the tab is hidden: off until the person
 * turns them on (only then is the browser asked for permission), remembered on this device.
 * The text comes from the message as this page holds it, decrypted in an encrypted room: the
 * browser shows it; nothing goes through a server or a push service.
 */
export function useDesktopNotifications() {
  const wanted = useLocalStorage('chatty-notifications', false)
  const supported = typeof window !== 'undefined' && 'Notification' in window
  const permission = ref<NotificationPermission>(supported ? Notification.permission : 'denied')
  // Follows a change made in the browser's site settings while the room is open.
  if (supported && navigator.permissions) {
    navigator.permissions
      .query({ name: 'notifications' })
      .then((status) => (status.onchange = () => (permission.value = Notification.permission)))
      .catch(() => {})
  }

  const state = computed<NotificationState>(() => {
    if (!supported) return 'unsupported'
    if (permission.value === 'denied') return 'blocked'
    return wanted.value && permission.value === 'granted' ? 'on' : 'off'
  })

  async function toggle() {
    if (!supported) return
    if (state.value === 'on') {
      wanted.value = false
      return
    }
    // Read afresh: the person may have changed it in the site settings since the page loaded.
    let granted = Notification.permission
    if (granted === 'default') granted = await Notification.requestPermission()
    permission.value = granted
    wanted.value = granted === 'granted'
  }

  /** Shows `message` if notifications are on and the page is not being looked at. */
  function notify(message: MessageFrame, me: string | undefined) {
    if (state.value !== 'on' || document.visibilityState !== 'hidden') return
    const replied = !!me && message.reply_to?.sender.toLowerCase() === me.toLowerCase()
    const title = `${message.sender} ${replied ? 'replied to you' : 'mentioned you'}`
    const options: NotificationOptions = {
      body: notificationBody(message),
      icon: '/icons/icon-192.png',
      // One per room at a time: a burst of mentions replaces rather than piles up.
      tag: `chatty-${location.pathname}`,
    }
    try {
      const shown = new Notification(title, options)
      shown.onclick = () => {
        window.focus()
        shown.close()
      }
    } catch {
      // Android's Chrome allows notifications only through the service worker.
      void navigator.serviceWorker?.ready.then((reg) => reg.showNotification(title, options))
    }
  }

  return { state, toggle, notify }
}
