import { describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import type { MessageFrame, StoredFrame } from '../../../../protocol/frames'
import { useMessageSearch } from '../useMessageSearch'

const msg = (id: number, content: string): MessageFrame => ({
  type: 'message',
  id,
  sender: 'Bob',
  avatar: 'owl',
  content,
  timestamp: '2030-01-01T00:00:00.000Z',
})

function setup() {
  const messages = ref<StoredFrame[]>([
    msg(1, 'lunch at noon'),
    msg(2, 'what about Lunch tomorrow'),
    msg(3, 'ok'),
    msg(4, 'lunch it is'),
  ])
  const scope = effectScope()
  const search = scope.run(() => useMessageSearch(messages, () => true))!
  return { messages, search, stop: () => scope.stop() }
}

describe('useMessageSearch', () => {
  it('starts at the newest match; Enter goes to older ones, Shift+Enter back, round the ends', async () => {
    const { search, stop } = setup()
    search.show()
    search.setQuery('lunch')
    await nextTick()
    expect(search.matches.value).toEqual([1, 2, 4])
    expect([search.currentId.value, search.position.value]).toEqual([4, 1])
    search.older()
    expect([search.currentId.value, search.position.value]).toEqual([2, 2])
    search.older()
    search.older()
    expect([search.currentId.value, search.position.value]).toEqual([4, 1])
    search.newer()
    expect([search.currentId.value, search.position.value]).toEqual([1, 3])
    stop()
  })

  it('keeps the current match as messages come and go, and clears on close', async () => {
    const { messages, search, stop } = setup()
    search.show()
    search.setQuery('lunch')
    await nextTick()
    search.older()
    messages.value = [...messages.value, msg(5, 'more lunch')]
    await nextTick()
    expect([search.currentId.value, search.position.value]).toEqual([2, 3])
    // The current one is deleted: the newest match is shown.
    messages.value = messages.value.filter((m) => m.id !== 2)
    await nextTick()
    expect(search.currentId.value).toBe(5)
    search.setQuery('nothing like it')
    await nextTick()
    expect([search.currentId.value, search.position.value]).toEqual([null, 0])
    search.close()
    expect([search.open.value, search.query.value]).toEqual([false, ''])
    stop()
  })

  it('opens with Ctrl+F or ⌘F, and asks the box for the focus every time', () => {
    const { search, stop } = setup()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'f', ctrlKey: true }))
    expect(search.open.value).toBe(true)
    const before = search.focusRequest.value
    const event = new KeyboardEvent('keydown', { key: 'f', metaKey: true, cancelable: true })
    window.dispatchEvent(event)
    expect(search.focusRequest.value).toBe(before + 1)
    expect(event.defaultPrevented).toBe(true)
    // A plain "f" is typing.
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'f' }))
    expect(search.focusRequest.value).toBe(before + 1)
    stop()
  })
})
