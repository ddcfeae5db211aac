/**
 * Tabs of one browser sharing one place in a room, over a stand-in for the BroadcastChannel
 * and the Web Lock (the real ones are exercised by e2e/second-tab.spec.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import type { Handover, TabLink, TabMessage } from '../../lib/tab-link'
import { NO_ANSWER_MS, useTabHandover } from '../useTabHandover'

/** One browser: a channel every link hears (but its own posts), and one lock with a queue. */
function fakeBrowser() {
  const handlers = new Map<TabLink, (m: TabMessage) => void>()
  let holder: TabLink | null = null
  const queue: { link: TabLink; grant: (release: () => void) => void }[] = []
  const grantNext = () => {
    const next = queue.shift()
    if (!next) return
    holder = next.link
    next.grant(() => {
      if (holder !== next.link) return
      holder = null
      grantNext()
    })
  }
  const link = (): TabLink => {
    const self: TabLink = {
      post: (m) =>
        queueMicrotask(() => {
          for (const [other, h] of handlers) if (other !== self) h(structuredClone(m))
        }),
      onMessage: (h) => void handlers.set(self, h),
      acquire: (signal) =>
        new Promise((resolve, reject) => {
          const entry = { link: self, grant: resolve }
          queue.push(entry)
          signal?.addEventListener('abort', () => {
            const i = queue.indexOf(entry)
            if (i < 0) return
            queue.splice(i, 1)
            reject(new Error('aborted'))
          })
          if (!holder) grantNext()
        }),
      isHeld: () => Promise.resolve(holder !== null),
      close: () => void handlers.delete(self),
    }
    return self
  }
  /** A tab closed or crashed: the browser lets go of its lock. */
  const crash = (tab: TabLink) => {
    handlers.delete(tab)
    if (holder === tab) {
      holder = null
      grantNext()
    }
  }
  return { link, crash }
}

const ana: Handover = { name: 'Ana', avatar: 'fox', resumeToken: 'tok-1' }
const scopes: ReturnType<typeof effectScope>[] = []
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

function tab(browser: ReturnType<typeof fakeBrowser>, handover: Handover | null = ana) {
  const scope = effectScope()
  scopes.push(scope)
  const link = browser.link()
  const inRoom = ref(false)
  const handOver = vi.fn(() => handover)
  const tabs = scope.run(() => useTabHandover('r1', { inRoom, handOver }, link))!
  return { tabs, inRoom, handOver, link }
}

describe('useTabHandover', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    for (const scope of scopes.splice(0)) scope.stop()
    vi.useRealTimers()
  })

  it('tells a new tab that another one is in the room, and hands the place over on request', async () => {
    const browser = fakeBrowser()
    const first = tab(browser)
    const second = tab(browser)
    expect(await first.tabs.heldElsewhere()).toBe(false)

    first.inRoom.value = true
    await nextTick()
    await settle()
    expect(await second.tabs.heldElsewhere()).toBe(true)
    // The tab in the room is not "elsewhere" to itself.
    expect(await first.tabs.heldElsewhere()).toBe(false)

    const taken = second.tabs.continueHere()
    expect(second.tabs.continuing.value).toBe(true)
    await settle()
    expect(await taken).toEqual(ana)
    expect(first.handOver).toHaveBeenCalledOnce()
    expect(first.tabs.moved.value).toBe(true)
    expect(second.tabs.continuing.value).toBe(false)
    expect(await first.tabs.heldElsewhere()).toBe(true)

    // And back again ("Use here" in the first tab).
    second.inRoom.value = true
    await nextTick()
    const back = first.tabs.continueHere()
    await settle()
    expect(await back).toEqual(ana)
    expect(first.tabs.moved.value).toBe(false)
    expect(second.tabs.moved.value).toBe(true)
  })

  it('goes in alone when the other tab is gone, or does not answer', async () => {
    const browser = fakeBrowser()
    const first = tab(browser)
    const second = tab(browser)
    first.inRoom.value = true
    await nextTick()
    await settle()
    expect(await second.tabs.heldElsewhere()).toBe(true)
    browser.crash(first.link)
    expect(await second.tabs.continueHere()).toBeNull()
    // Nothing was taken over: this tab does not keep the room's lock for nothing.
    expect(await second.tabs.heldElsewhere()).toBe(false)

    const frozen = tab(browser, null)
    frozen.inRoom.value = true
    await nextTick()
    await settle()
    const third = tab(browser)
    const taken = third.tabs.continueHere()
    await settle()
    vi.advanceTimersByTime(NO_ANSWER_MS)
    expect(await taken).toBeNull()
    expect(third.tabs.continuing.value).toBe(false)
  })

  it('lets go of the room when it leaves it', async () => {
    const browser = fakeBrowser()
    const first = tab(browser)
    const second = tab(browser)
    first.inRoom.value = true
    await nextTick()
    await settle()
    first.inRoom.value = false
    await nextTick()
    expect(await second.tabs.heldElsewhere()).toBe(false)
  })
})
