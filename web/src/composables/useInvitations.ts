import { computed, ref, shallowRef } from 'vue'
import type { ClientFrame, OpenInvitation, ServerFrame } from '../../../protocol/frames'

/**
 * The host's invitations (`protocol/room-access.ts`): the open ones as the server lists them,
 * the tokens of those made in this tab (the server gives a token once, so only this tab can
 * copy that link again), and the frames that make, revoke and switch invitation only.
 */
export function useInvitations(send: (frame: ClientFrame) => boolean) {
  const open = shallowRef<OpenInvitation[]>([])
  const tokens = ref(new Map<string, string>())
  /** The invitation this tab made last, until another one is made. */
  const latest = ref<string | null>(null)
  let made = 0

  /** Takes the invitation frames (true), leaves every other frame to the session. */
  function handle(frame: ServerFrame): boolean {
    if (frame.type === 'invitations') {
      open.value = frame.open
      return true
    }
    if (frame.type === 'invitation') {
      tokens.value = new Map(tokens.value).set(frame.id, frame.token)
      latest.value = frame.id
      return true
    }
    return false
  }

  return {
    handle,
    /** Open invitations, oldest first, with their token when this tab made them. */
    open: computed(() => open.value.map((i) => ({ ...i, token: tokens.value.get(i.id) }))),
    latest,
    create(label: string) {
      made += 1
      const trimmed = label.trim()
      return send({ type: 'invite', ...(trimmed && { label: trimmed }), client_id: `inv${made}` })
    },
    revoke(id: string) {
      if (latest.value === id) latest.value = null
      return send({ type: 'revoke_invitation', id })
    },
    setInvitationOnly(enabled: boolean) {
      return send({ type: 'invitation_only', enabled })
    },
  }
}
