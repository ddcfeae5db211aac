import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { MessageFrame } from '../../../../../protocol/frames'
import { contentOf, encryptedFile, fakeFetch, PREVIEW } from '../../../lib/files/__tests__/fixtures'
import ChatMessage, { type ChatMessageView } from '../ChatMessage.vue'
import MessageList from '../MessageList.vue'

const base: ChatMessageView = {
  id: 7,
  sender: 'Ana',
  avatar: 'fox',
  content: '',
  timestamp: '2030-01-01T12:00:00.000Z',
}
const photo = {
  blob: 'b1',
  name: 'beach.png',
  type: 'image/png',
  size: 4,
  width: 1600,
  height: 1200,
  preview: PREVIEW,
}

/** Every observed element is on screen at once. */
class OnScreen {
  constructor(private readonly callback: IntersectionObserverCallback) {}
  observe(target: Element) {
    this.callback(
      [{ isIntersecting: true, target } as IntersectionObserverEntry],
      this as unknown as IntersectionObserver,
    )
  }
  unobserve() {}
  disconnect() {}
}

let saved: { name: string; href: string }[]
beforeEach(() => {
  saved = []
  vi.stubGlobal('IntersectionObserver', OnScreen)
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    saved.push({ name: this.download, href: this.href })
  })
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

describe('a file message', () => {
  it('shows a picture in a box of its own shape, with its preview, then the picture', async () => {
    vi.stubGlobal('fetch', fakeFetch(new Uint8Array([1, 2, 3, 4]), [4]).impl)
    const wrapper = mount(ChatMessage, {
      props: { roomId: 'r1', message: { ...base, content: 'at the beach', file: photo } },
      attachTo: document.body,
    })
    const box = wrapper.get('[data-testid=image-attachment]')
    expect(box.attributes('style')).toContain('width: 427px')
    expect(box.attributes('style')).toContain('aspect-ratio: 427 / 320')
    expect(box.find(`img[src="${PREVIEW}"]`).exists()).toBe(true)
    expect(wrapper.get('[data-testid=message-text]').text()).toBe('at the beach')
    await flushPromises()
    const img = wrapper.get('[data-testid=image-inline]')
    expect(img.attributes('src')).toMatch(/^blob:/)
    expect(img.attributes('alt')).toBe('beach.png')
    await img.trigger('load')
    expect(box.attributes('data-status')).toBe('shown')
    expect(box.find(`img[src="${PREVIEW}"]`).exists()).toBe(false)

    await wrapper.get('[data-testid=image-open]').trigger('click')
    const lightbox = document.querySelector<HTMLElement>('[data-testid=lightbox]')!
    expect(lightbox.getAttribute('aria-modal')).toBe('true')
    await flushPromises()
    expect(document.activeElement?.getAttribute('data-testid')).toBe('lightbox-close')
    document.querySelector<HTMLElement>('[data-testid=lightbox-download]')!.click()
    expect(saved.map((s) => s.name)).toEqual(['beach.png'])
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    await flushPromises()
    expect(document.querySelector('[data-testid=lightbox]')).toBeNull()
    wrapper.unmount()
  })

  it('says so when the picture’s room has gone', async () => {
    vi.stubGlobal('fetch', fakeFetch(new Uint8Array(), [1], 404).impl)
    const wrapper = mount(ChatMessage, {
      props: { roomId: 'r1', message: { ...base, file: photo } },
    })
    await flushPromises()
    expect(wrapper.get('[data-testid=image-error]').text()).toContain('no longer available')
    expect(wrapper.find('[data-testid=image-retry]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=message-text]').exists()).toBe(false)
  })

  it('never draws an SVG: a card with name, size and kind downloads it instead', async () => {
    const svg = { blob: 'b1', name: 'logo.svg', type: 'image/svg+xml', size: 3 }
    vi.stubGlobal('fetch', fakeFetch(new Uint8Array([60, 115, 62]), [3]).impl)
    const wrapper = mount(ChatMessage, {
      props: { roomId: 'r1', message: { ...base, file: svg } },
    })
    expect(wrapper.find('img').exists()).toBe(true) // the avatar only
    expect(wrapper.findAll('img')).toHaveLength(1)
    expect(wrapper.get('[data-testid=file-name]').text()).toBe('logo.svg')
    expect(wrapper.get('[data-testid=file-meta]').text()).toBe('3 B · SVG image')
    await wrapper.get('[data-testid=file-download]').trigger('click')
    await flushPromises()
    expect(saved).toHaveLength(1)
    expect(saved[0]!.name).toBe('logo.svg')
    expect(saved[0]!.href).toMatch(/^blob:/)
  })

  it('downloads an encrypted file with progress, and says when it does not decrypt', async () => {
    const content = contentOf(200_000)
    const { stored, file } = await encryptedFile(content, 'q3.pdf')
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const slow = (async (url: string | URL | Request) => {
      const response = await fakeFetch(stored, [65_552]).impl(url)
      const reader = response.body!.getReader()
      let first = true
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!first) await gate
          first = false
          const { done, value } = await reader.read()
          if (done) controller.close()
          else controller.enqueue(value)
        },
      })
      return new Response(body)
    }) as typeof fetch
    vi.stubGlobal('fetch', slow)
    const wrapper = mount(ChatMessage, {
      props: { roomId: 'r1', message: { ...base, content: 'numbers', file } },
    })
    expect(wrapper.get('[data-testid=file-meta]').text()).toBe('200 KB · PDF')
    await wrapper.get('[data-testid=file-download]').trigger('click')
    await vi.waitFor(() =>
      expect(wrapper.get('[data-testid=file-progress]').attributes('aria-valuenow')).toBe('25'),
    )
    expect(wrapper.get('[data-testid=file-download]').attributes('aria-label')).toBe(
      'Stop downloading q3.pdf',
    )
    release()
    await vi.waitFor(() => expect(saved).toHaveLength(1))
    expect(saved[0]!.name).toBe('q3.pdf')
    expect(wrapper.find('[data-testid=file-progress]').exists()).toBe(false)

    const tampered = stored.slice()
    tampered[5]! ^= 1
    vi.stubGlobal('fetch', fakeFetch(tampered, [65_552]).impl)
    await wrapper.get('[data-testid=file-download]').trigger('click')
    await vi.waitFor(() =>
      expect(wrapper.get('[data-testid=file-error]').text()).toBe(
        'This file could not be decrypted.',
      ),
    )
    expect(saved).toHaveLength(1)
  })

  it('is quoted by the replies to it in a few words, whatever the server’s excerpt', () => {
    vi.stubGlobal('fetch', fakeFetch(new Uint8Array([1, 2, 3, 4]), [4]).impl)
    const message: MessageFrame = { ...base, type: 'message', id: 7, file: photo }
    const reply: MessageFrame = {
      ...base,
      type: 'message',
      id: 8,
      content: 'nice',
      reply_to: { id: 7, sender: 'Ana', excerpt: '📎 beach.png (4 B)' },
    }
    const wrapper = mount(MessageList, {
      props: { roomId: 'r1', messages: [message, reply], pending: [], me: null },
    })
    expect(wrapper.get('[data-testid=reply-quote]').text()).toBe('Ana📷 Photo')
  })
})
