import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { computed, ref } from 'vue'
import type { RoomInfo } from '../../../../protocol/frames'
import { roomInfo } from '../../lib/__tests__/fixtures'
import { rememberJoined } from '../../lib/room-entry'
import { useRoomLookup } from '../useRoomLookup'

function lookUp(room: RoomInfo, heldElsewhere = false) {
  vi.stubGlobal('fetch', () => Promise.resolve(new Response(JSON.stringify(room))))
  const onReady = vi.fn()
  const held = ref<RoomInfo | null>(null)
  const shown = computed({ get: () => held.value, set: (r) => (held.value = r) })
  const chat = { room: shown, deadline: ref<number | null>(null), setKey() {} }
  const found = useRoomLookup('r1', null, chat, {
    heldElsewhere: () => Promise.resolve(heldElsewhere),
    onReady,
  })
  return { ...found, onReady }
}

describe('useRoomLookup', () => {
  beforeEach(() => localStorage.clear())
  afterEach(() => vi.unstubAllGlobals())

  it('opens an unlocked room: the name comes next', async () => {
    const { lookup, load, onReady } = lookUp(roomInfo({ locked: false }))
    await load()
    expect(lookup.value).toBe('ok')
    expect(onReady).toHaveBeenCalledOnce()
  })

  it('says a room is locked before asking a name, and offers a way back to a former member', async () => {
    const locked = roomInfo({ locked: true })
    const stranger = lookUp(locked)
    await stranger.load()
    expect(stranger.lookup.value).toBe('locked')
    expect(stranger.onReady).not.toHaveBeenCalled()

    rememberJoined('r1', Date.now() + 60_000)
    const member = lookUp(locked)
    await member.load()
    expect(member.lookup.value).toBe('locked-member')
    member.open()
    expect(member.lookup.value).toBe('ok')
    expect(member.onReady).toHaveBeenCalledOnce()
  })

  it('says another tab is in the room, unless told to go in anyway', async () => {
    const { lookup, load, onReady } = lookUp(roomInfo({ locked: true }), true)
    await load()
    expect(lookup.value).toBe('other-tab')
    expect(onReady).not.toHaveBeenCalled()
    await load({ ignoreOtherTabs: true })
    expect(lookup.value).toBe('locked')
  })
})
