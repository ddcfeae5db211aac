import { ref } from 'vue'
import { useRouter } from 'vue-router'
import { createRoom } from './useRoomApi'

/** The "Create room" action shared by the home page, the expired overlay and not-found. */
export function useCreateRoom() {
  const router = useRouter()
  const busy = ref(false)
  const error = ref<string | null>(null)

  async function create() {
    if (busy.value) return
    busy.value = true
    error.value = null
    const result = await createRoom()
    busy.value = false
    if ('error' in result) {
      error.value = result.error
      return
    }
    await router.push({ name: 'room', params: { id: result.room.room_id } })
  }

  return { create, busy, error }
}
