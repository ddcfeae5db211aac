import { ref } from 'vue'
import { fetchRoom } from '../lib/api'
import { importRoomKey, opensKeyCheck } from '../lib/room-crypto'
import type { RoomChat } from './useRoomChat'

/** How far opening the room over REST got, before any socket. */
export type LookupState = 'loading' | 'ok' | 'not-found' | 'missing-key' | 'wrong-key' | 'error'

/**
 * Opens a room over REST before its socket: whether it exists, how long it has left (the
 * countdown starts from this answer), and, in an encrypted room, the key from the link,
 * checked against the room's key check when it has one.
 * `onReady` runs in the same tick as `ok`, so a remembered name joins before the name
 * dialog could flash up.
 */
export function useRoomLookup(
  roomId: string,
  keyText: string | null,
  chat: Pick<RoomChat, 'room' | 'deadline' | 'setKey'>,
  onReady: () => void,
) {
  const lookup = ref<LookupState>('loading')
  const lookupError = ref('')

  async function load() {
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
    lookup.value = 'ok'
    onReady()
  }

  return { lookup, lookupError, load }
}
