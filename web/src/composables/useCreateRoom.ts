import { ref } from 'vue'
import { useRouter } from 'vue-router'
import { createRoom } from '../lib/api'
import { rememberCreatorToken } from '../lib/host-tokens'
import { importRoomKey, makeKeyCheck, newRoomKey } from '../lib/room-crypto'
import { rememberAccessSecret } from '../lib/access-secrets'
import type { PasswordKdf } from '../../../protocol/room-access'
import { newPasswordKdf, passwordRoomKeys, stretchPassword } from '../lib/room-password'

/** The "Create room" action shared by the home page, the expired overlay and not-found. */
export function useCreateRoom() {
  const router = useRouter()
  const busy = ref(false)
  const error = ref<string | null>(null)

  /**
   * Encrypted unless asked otherwise: the key is made here and goes only into the fragment.
   * With a password (not empty): in an encrypted room it completes the key here and only a
   * verifier goes to the server; in a plain room the server keeps a hash of it.
   */
  async function create(encrypted = true, ttlSeconds?: number, password = '') {
    if (busy.value) return
    busy.value = true
    error.value = null
    // The key is made before the room, so the room can keep a check that only it opens.
    const keyText = encrypted ? newRoomKey() : null
    const key = keyText ? await importRoomKey(keyText) : null
    const keyCheck = key ? await makeKeyCheck(key) : undefined
    const secured: Secured = password ? await securedBy(password, keyText) : {}
    const result = await createRoom({
      encrypted,
      ttlSeconds,
      ...(keyCheck && { keyCheck }),
      ...secured.body,
    })
    busy.value = false
    if ('error' in result) {
      error.value = result.error
      return
    }
    // Host powers for this browser only: kept here, never in the link.
    const { room_id, creator_token, expires_at } = result.room
    rememberCreatorToken(room_id, creator_token, Date.parse(expires_at))
    // The creator is not asked the password it just chose (in this tab).
    if (secured.secret) rememberAccessSecret(room_id, secured.secret)
    await router.push({
      name: 'room',
      params: { id: result.room.room_id },
      ...(keyText ? { hash: `#${keyText}` } : {}),
    })
  }

  return { create, busy, error }
}

/** What a password adds to the new room's request, and what this tab keeps of it. */
interface Secured {
  body?: { password?: string; passwordKdf?: PasswordKdf; passwordCheck?: string }
  secret?: string
}

async function securedBy(password: string, keyText: string | null): Promise<Secured> {
  if (!keyText) return { body: { password }, secret: password }
  const passwordKdf = newPasswordKdf()
  const stretched = await stretchPassword(password, passwordKdf)
  const keys = await passwordRoomKeys(keyText, stretched, passwordKdf)
  return { body: { passwordKdf, passwordCheck: keys!.check }, secret: stretched }
}
