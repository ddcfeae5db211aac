import { useLocalStorage } from '@vueuse/core'
import { isDrawn } from '../data/avatars'

export interface Identity {
  name: string
  /** An avatar id, or `""` for the initial. */
  avatar: string
}

export const IDENTITY_STORAGE_KEY = 'chatty-identity'

/** The name and avatar last used on this device, offered again in the next room. */
export function useIdentity() {
  const stored = useLocalStorage<Identity>(
    IDENTITY_STORAGE_KEY,
    { name: '', avatar: '' },
    { mergeDefaults: true },
  )

  function remembered(): Identity | null {
    const { name, avatar } = stored.value
    if (typeof name !== 'string' || !name.trim()) return null
    return {
      name: name.trim(),
      // Only an avatar the picker offers comes back; anything else falls back to the initial.
      avatar: typeof avatar === 'string' && isDrawn(avatar) ? avatar : '',
    }
  }

  function remember(identity: Identity) {
    stored.value = { name: identity.name, avatar: identity.avatar }
  }

  return { stored, remembered, remember }
}
