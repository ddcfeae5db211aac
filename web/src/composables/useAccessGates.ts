import { ref } from 'vue'
import type { ClientJoin, RoomInfo } from '../../../protocol/frames'
import { accessSecret, rememberAccessSecret } from '../lib/access-secrets'
import { checkAccess, invitationStatus } from '../lib/api'
import { creatorToken } from '../lib/host-tokens'
import { wasInRoom } from '../lib/room-entry'
import { passwordRoomKeys, stretchPassword } from '../lib/room-password'
import { resumeToken } from '../lib/resume-tokens'

/** What a join carries to get past a room's gates (`protocol/room-access.ts`). */
export type JoinAccess = Pick<ClientJoin, 'password' | 'password_check' | 'invitation'>

/**
 * The gate a tab stands before, after the lookup's own checks: an invitation to accept (a
 * click, never the page load: a link preview or a prefetch must not spend it) or that was
 * used, revoked or is not the room's; an invitation-only room without one; a password.
 */
export type AccessGate =
  | 'invitation'
  | 'invitation-used'
  | 'invitation-revoked'
  | 'invitation-invalid'
  | 'invitation-only'
  | 'password'

export interface GateTarget {
  setKey(key: CryptoKey): void
  setAccess(access: JoinAccess): void
}

/**
 * A room's gates, in order, and the person's way through them: `accept` an invitation,
 * `submitPassword`. Each step that opens the way calls `onPassed`, which checks again.
 */
export function useAccessGates(
  roomId: string,
  linkKey: string | null,
  invite: string | null,
  chat: GateTarget,
  onPassed: () => void,
) {
  const accepted = ref(false)
  const passwordError = ref('')
  const checking = ref(false)
  let room: RoomInfo | null = null

  /** This browser was in the room, or is its host: no invitation is needed, none is spent. */
  const returning = () => Boolean(creatorToken(roomId) || resumeToken(roomId) || wasInRoom(roomId))

  /** The first gate before this tab, or null (the join then carries what it needs). */
  async function check(info: RoomInfo): Promise<AccessGate | null> {
    room = info
    const back = returning()
    if (invite && !back && !accepted.value) {
      const state = await invitationStatus(roomId, invite)
      // A look-up that failed is no verdict: the join will say.
      if (state === 'used' || state === 'revoked' || state === 'invalid') {
        return `invitation-${state}`
      }
      return 'invitation'
    }
    if (info.invitation_only && !back && !invite) return 'invitation-only'
    const access: JoinAccess = invite && !back ? { invitation: invite } : {}
    chat.setAccess(access)
    // The host of a plain room is let in on its creator token; an encrypted room's key needs it.
    const needed = info.password && (info.encrypted || !creatorToken(roomId))
    if (!needed) return null
    const secret = accessSecret(roomId)
    if (secret && (await apply(secret, access))) return null
    return 'password'
  }

  /** The stretched password (or a plain room's password) opens the way: key and join set. */
  async function apply(secret: string, access: JoinAccess): Promise<boolean> {
    const kdf = room?.password?.kdf
    if (!room?.encrypted || !kdf) {
      chat.setAccess({ ...access, password: secret })
      return true
    }
    const keys = linkKey ? await passwordRoomKeys(linkKey, secret, kdf) : null
    if (!keys) return false
    chat.setKey(keys.key)
    chat.setAccess({ ...access, password_check: keys.check })
    return true
  }

  function accept() {
    accepted.value = true
    onPassed()
  }

  /** Tries the password with the server before any name is asked; says plainly when wrong. */
  async function submitPassword(password: string) {
    if (!room || checking.value) return
    checking.value = true
    passwordError.value = ''
    try {
      const kdf = room.password?.kdf
      const secret = room.encrypted && kdf ? await stretchPassword(password, kdf) : password
      const keys =
        room.encrypted && kdf && linkKey ? await passwordRoomKeys(linkKey, secret, kdf) : null
      const answer = await checkAccess(
        roomId,
        keys ? { password_check: keys.check } : { password: secret },
      )
      if (answer.kind !== 'ok') {
        passwordError.value = answer.message
        return
      }
      rememberAccessSecret(roomId, secret)
      onPassed()
    } catch (error) {
      passwordError.value = error instanceof Error ? error.message : String(error)
    } finally {
      checking.value = false
    }
  }

  return { check, accept, submitPassword, passwordError, checking }
}
