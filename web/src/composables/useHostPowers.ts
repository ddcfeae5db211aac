import type { Ref } from 'vue'
import type { ClientFrame } from '../../../protocol/frames'
import type { ConnectionState } from './useChatSocket'
import { useLockRequest } from './useLockRequest'

/**
 * The host's powers as frames: lock and unlock (shown at once, see `useLockRequest`), remove
 * a member, end the room, set its default message timer. Sent only while joined; the server refuses them to anyone but the
 * host with `not_host`.
 */
export function useHostPowers(
  joined: () => boolean,
  roomLocked: () => boolean,
  socket: { send(frame: ClientFrame): boolean; state: Ref<ConnectionState> },
) {
  const lock = useLockRequest(roomLocked, socket.state)
  return {
    locked: lock.locked,
    /** An error frame: a refused lock or unlock shows the room's real state again. */
    refused: lock.refused,
    setLocked(locked: boolean) {
      if (!joined()) return
      lock.request(locked)
      socket.send({ type: locked ? 'lock' : 'unlock' })
    },
    removeMember(name: string) {
      if (joined()) socket.send({ type: 'remove', name })
    },
    destroyRoom() {
      if (joined()) socket.send({ type: 'destroy' })
    },
    /** The room's default message timer; everyone's `room_state` says when it is set. */
    setVanishDefault(seconds: number) {
      if (joined()) socket.send({ type: 'room_settings', vanish_seconds: seconds })
    },
  }
}
