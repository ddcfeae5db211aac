/**
 * What this tab keeps to get back into a password room after a reload, per room, in
 * sessionStorage (gone with the tab, and forgotten when the room ends): a plain room's
 * password, or an encrypted room's stretched password (Argon2id output, never the password).
 */
const storageKey = (roomId: string) => `chatty:access:${roomId}`

export function accessSecret(roomId: string): string | null {
  try {
    return sessionStorage.getItem(storageKey(roomId))
  } catch {
    return null
  }
}

export function rememberAccessSecret(roomId: string, secret: string): void {
  try {
    sessionStorage.setItem(storageKey(roomId), secret)
  } catch {
    // No storage: the password is asked again after a reload.
  }
}

export function forgetAccessSecret(roomId: string): void {
  try {
    sessionStorage.removeItem(storageKey(roomId))
  } catch {
    // Nothing kept.
  }
}
