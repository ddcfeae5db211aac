import { computed, ref, watch, type Ref } from 'vue'
import type { ErrorFrame } from '../../../protocol/frames'
import type { ConnectionState } from './useChatSocket'

/** What the server answers a lock or unlock it did not carry out. */
const LOCK_REFUSALS: readonly string[] = ['not_host', 'unavailable', 'not_joined', 'internal']

/**
 * The host's own lock or unlock, shown on its control at once and until the room's state
 * (sent to every member) agrees, or the server refuses it: the host's control never lags
 * behind the badge the others see.
 */
export function useLockRequest(roomLocked: () => boolean, connection: Ref<ConnectionState>) {
  const requested = ref<boolean | null>(null)
  // A request in flight when the socket went down may never be answered: show the room again.
  watch(connection, (s) => s !== 'open' && (requested.value = null))
  watch(roomLocked, (locked) => locked === requested.value && (requested.value = null))

  return {
    /** What the lock control and the badge show. */
    locked: computed(() => requested.value ?? roomLocked()),
    request(locked: boolean) {
      requested.value = locked !== roomLocked() ? locked : null
    },
    /** A refused lock or unlock (not the host, the store unreachable): the room's real state again. */
    refused(frame: ErrorFrame) {
      if (!frame.client_id && LOCK_REFUSALS.includes(frame.code)) requested.value = null
    },
  }
}
