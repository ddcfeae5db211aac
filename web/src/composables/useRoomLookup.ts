import { ref } from 'vue'
import { fetchRoom } from '../lib/api'
import { lockedEntry } from '../lib/room-entry'
import { importRoomKey, opensKeyCheck } from '../lib/room-crypto'
import type { RoomInfo } from '../../../protocol/frames'
import type { RoomChat } from './useRoomChat'
import type { AccessGate } from './useAccessGates'

/**
 * How far opening the room over REST got, before any socket. `other-tab`: another tab of this
 * browser is in the room; `locked`: the room is locked and this browser has no way in;
 * `locked-member`: locked, but this browser was inside and may be let back in.
 */
export type LookupState =
  | 'loading'
  | 'ok'
  | 'not-found'
  | 'missing-key'
  | 'wrong-key'
  | 'other-tab'
  | 'locked'
  | 'locked-member'
  | 'error'
  | AccessGate

export interface LookupOptions {
  /** Another tab of this browser holds the room (asked once the room is known to exist). */
  heldElsewhere?: () => Promise<boolean>
  /** The way in is open: join with a remembered name, or ask for one. */
  onReady: () => void
  /** The room's own gates (invitations, a password): the first one before this tab, or null. */
  gate?: (room: RoomInfo) => Promise<AccessGate | null>
}

/**
 * Opens a room over REST before its socket: whether it exists, how long it has left (the
 * countdown starts from this answer), in an encrypted room the key from the link (checked
 * against the room's key check when it has one), and
 * whether this tab may go in at all (another tab of this browser, a lock), so that nobody is
 * asked for a name only to be turned away. `onReady` runs in the same tick as `ok`, so a
 * remembered name joins before the name dialog could flash up.
 */
export function useRoomLookup(
  roomId: string,
  keyText: string | null,
  chat: Pick<RoomChat, 'room' | 'deadline' | 'setKey'>,
  options: LookupOptions,
) {
  const lookup = ref<LookupState>('loading')
  const lookupError = ref('')

  async function load({ ignoreOtherTabs = false } = {}) {
    lookup.value = 'loading'
    const result = await fetchRoom(roomId)
    if (result.kind !== 'ok') {
      lookup.value = result.kind
      if (result.kind === 'error') lookupError.value = result.message
      return
    }
    chat.room.value = result.room
    chat.deadline.value = result.receivedAt + result.room.ttl_seconds * 1000
    if (result.room.encrypted && !keyText) {
      // Nothing here could be read or sent: no join with a broken key.
      lookup.value = 'missing-key'
      return
    }
    const key = keyText ? await importRoomKey(keyText) : null
    const check = result.room.key_check
    if (key && check && (await opensKeyCheck(key, check)) === false) {
      // A key that is not this room's: joining would only show messages nobody can read.
      lookup.value = 'wrong-key'
      return
    }
    if (key) chat.setKey(key)
    if (!ignoreOtherTabs && (await options.heldElsewhere?.())) {
      lookup.value = 'other-tab'
      return
    }
    const entry = result.room.locked ? lockedEntry(roomId) : 'admitted'
    if (entry !== 'admitted') {
      lookup.value = entry === 'was-member' ? 'locked-member' : 'locked'
      return
    }
    const gate = await options.gate?.(result.room)
    if (gate) {
      lookup.value = gate
      return
    }
    open()
  }

  /** Past the lookup's own checks (or a "rejoin" the person chose): in, or the name dialog. */
  function open() {
    lookup.value = 'ok'
    options.onReady()
  }

  return { lookup, lookupError, load, open }
}
