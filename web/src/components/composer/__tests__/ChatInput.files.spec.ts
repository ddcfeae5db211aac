import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ChatInput from '../ChatInput.vue'

const MB = 1024 * 1024

/** `null`: a server that takes no files. */
function setup(maxFileBytes: number | null = 25 * MB, send = vi.fn(() => true)) {
  const wrapper = mount(ChatInput, {
    props: {
      send,
      maxFileBytes: maxFileBytes ?? undefined,
      modelValue: '',
      'onUpdate:modelValue': (v: string) => wrapper.setProps({ modelValue: v }),
    },
    attachTo: document.body,
  })
  return { wrapper, send }
}

const pdf = (name = 'report.pdf', size = 300_000) =>
  new File([new Uint8Array(size)], name, { type: 'application/pdf' })

/** A paste event carrying `files` (and `text`, if any), as the browser would send it. */
function paste(files: File[], text?: string): Event {
  const event = new Event('paste', { bubbles: true, cancelable: true })
  const types = [...(text ? ['text/plain'] : []), ...(files.length ? ['Files'] : [])]
  Object.assign(event, { clipboardData: { types, files, items: [] } })
  return event
}

describe('ChatInput with files', () => {
  it('offers no attach button where the server takes no files', () => {
    const { wrapper } = setup(null)
    expect(wrapper.find('[data-testid=attach-button]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('puts chosen files in a tray, and sends them with the text as caption', async () => {
    const { wrapper, send } = setup()
    const input = wrapper.get('[data-testid=file-input]')
    Object.defineProperty(input.element, 'files', { value: [pdf(), pdf('notes.txt', 10)] })
    await input.trigger('change')
    await flushPromises()
    const rows = wrapper.findAll('[data-testid=tray-file]')
    expect(rows.map((r) => r.text())).toEqual([
      expect.stringContaining('report.pdf'),
      expect.stringContaining('notes.txt'),
    ])
    expect(wrapper.get('[data-testid=attachment-tray]').text()).toContain(
      'Files other than photos are sent as they are (their own metadata is not removed).',
    )
    // Removed one by one; the send button works without text.
    await wrapper.findAll('[data-testid=tray-remove]')[1]!.trigger('click')
    expect(wrapper.findAll('[data-testid=tray-file]')).toHaveLength(1)
    expect(wrapper.get('textarea').attributes('placeholder')).toBe('Add a caption…')
    await wrapper.get('textarea').setValue('the report')
    await wrapper.get('form').trigger('submit')
    expect(send).toHaveBeenCalledTimes(1)
    const [text, files] = send.mock.calls[0]! as unknown as [string, { file: File }[]]
    expect(text).toBe('the report')
    expect(files.map((f) => f.file.name)).toEqual(['report.pdf'])
    expect(wrapper.find('[data-testid=attachment-tray]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('says the limit in MB before anything is sent, and keeps the file out', async () => {
    const { wrapper } = setup(1 * MB)
    await wrapper.get('textarea').element.dispatchEvent(paste([pdf('big.pdf', 3_000_000)]))
    await flushPromises()
    expect(wrapper.find('[data-testid=tray-file]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=input-error]').text()).toBe(
      '“big.pdf” is too large to send (3.0 MB). The limit is 1 MB per file.',
    )
    wrapper.unmount()
  })

  it('takes a pasted screenshot as a file, and pasted text as text', async () => {
    const { wrapper } = setup()
    const shot = new File([new Uint8Array(100)], 'image.png', { type: 'image/png' })
    const withText = paste([shot], 'words')
    wrapper.get('textarea').element.dispatchEvent(withText)
    expect(withText.defaultPrevented).toBe(false)
    const screenshot = paste([shot])
    wrapper.get('textarea').element.dispatchEvent(screenshot)
    expect(screenshot.defaultPrevented).toBe(true)
    await flushPromises()
    expect(wrapper.findAll('[data-testid=tray-file]')).toHaveLength(1)
    wrapper.unmount()
  })

  it('says when a photo cannot be converted and goes as it is', async () => {
    // happy-dom decodes no pictures: like a browser without HEIC support.
    const { wrapper } = setup()
    const heic = new File([new Uint8Array(500)], 'IMG_0042.HEIC', { type: '' })
    wrapper.get('textarea').element.dispatchEvent(paste([heic]))
    await flushPromises()
    expect(wrapper.get('[data-testid=tray-note]').text()).toBe(
      'This browser cannot convert HEIC photos: it is sent as a file, as it is, metadata and location included.',
    )
    wrapper.unmount()
  })
})
