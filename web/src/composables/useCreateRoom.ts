import { ref } from 'vue'
import { useRouter } from 'vue-router'
import { createRoom } from '../lib/api'
import { rememberCreatorToken } from '../lib/host-tokens'
import { importRoomKey, makeKeyCheck, newRoomKey } from '../lib/room-crypto'

/** The "Create room" action shared by the home page, the expired overlay and not-found. */
export function useCreateRoom() {
  const router = useRouter()
  const busy = ref(false)
  const error = ref<string | null>(null)

  /** Encrypted unless asked otherwise: the key is made here and goes only into the fragment. */
  async function create(encrypted = true, ttlSeconds?: number) {
    if (busy.value) return
    busy.value = true
    error.value = null
    // The key is made before the room, so the room can keep a check that only it opens.
    const keyText = encrypted ? newRoomKey() : null
    const key = keyText ? await importRoomKey(keyText) : null
    const keyCheck = key ? await makeKeyCheck(key) : undefined
    const result = await createRoom({ encrypted, ttlSeconds, ...(keyCheck && { keyCheck }) })
    busy.value = false
    if ('error' in result) {
      error.value = result.error
      return
    }
    // Host powers for this browser only: kept here, never in the link.
    const { room_id, creator_token, expires_at } = result.room
    rememberCreatorToken(room_id, creator_token, Date.parse(expires_at))
    await router.push({
      name: 'room',
      params: { id: result.room.room_id },
      ...(keyText ? { hash: `#${keyText}` } : {}),
    })
  }

  return { create, busy, error }
}
