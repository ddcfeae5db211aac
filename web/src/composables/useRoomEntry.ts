import { computed, ref, watch } from 'vue'
import { roomFragment } from '../../../protocol/room-access'
import { rememberResumeToken, resumeToken } from '../lib/resume-tokens'
import type { Handover } from '../lib/tab-link'
import type { Identity } from './useIdentity'
import type { RoomChat } from './useRoomChat'
import { useRoomLookup } from './useRoomLookup'
import { useTabHandover } from './useTabHandover'
import { useAccessGates } from './useAccessGates'
import { accessSecret, rememberAccessSecret } from '../lib/access-secrets'

/**
 * The way into a room, in order: the REST lookup (does it exist, is the key there), another
 * tab of this browser already in it (then "Continue here" instead of a second member), a lock
 * (said before any name is asked), and then the name: the remembered one joins at once,
 * otherwise the name dialog asks.
 */
export function useRoomEntry(
  roomId: string,
  keyText: string | null,
  chat: RoomChat,
  remembered: Identity | null,
  /** The invitation token from the link's fragment, if any. */
  invite: string | null = null,
) {
  /** The name and avatar last tried here: joined with, or offered again in the dialog. */
  const lastAttempt = ref<Identity | null>(remembered)
  const tabs = useTabHandover(roomId, {
    inRoom: computed(() => chat.phase.value === 'joining' || chat.phase.value === 'ready'),
    handOver,
  })
  // A step through a gate (an invitation accepted, the right password) checks the way again.
  const gates = useAccessGates(roomId, keyText, invite, chat, () => void load())
  const { lookup, lookupError, load, open } = useRoomLookup(roomId, keyText, chat, {
    heldElsewhere: tabs.heldElsewhere,
    onReady: () => lastAttempt.value && chat.enter(lastAttempt.value),
    gate: gates.check,
  })

  // In the room, the address bar holds the room's own link again: the invitation is spent.
  watch(
    () => chat.phase.value === 'ready',
    (inRoom) => {
      if (!inRoom || !invite) return
      const rest = roomFragment({ key: keyText, invite: null })
      history.replaceState(history.state, '', `${location.pathname}${location.search}${rest}`)
    },
  )

  function enter(identity: Identity) {
    lastAttempt.value = identity
    chat.enter(identity)
  }

  /**
   * Another tab takes this one's place: this tab steps aside without leaving, and hands over
   * what makes the other tab the same member (name, avatar, resume token). Null before this
   * tab was ever in.
   */
  function handOver(): Handover | null {
    const me = chat.me.value
    if (!me) return null
    chat.stepAside()
    return {
      name: me.name,
      avatar: me.avatar,
      resumeToken: resumeToken(roomId),
      accessSecret: accessSecret(roomId),
    }
  }

  /** "Continue here" / "Use here": the same member, moved into this tab from the other. */
  async function continueHere() {
    const handover = await tabs.continueHere()
    if (!handover) return load({ ignoreOtherTabs: true })
    // A quiet rejoin with the other tab's token (the name is still held for it).
    rememberResumeToken(roomId, handover.resumeToken ?? undefined)
    if (handover.accessSecret) rememberAccessSecret(roomId, handover.accessSecret)
    // A password room: the key and the join's proof from what the other tab kept.
    const room = chat.room.value
    if (room && (await gates.check(room)) !== null) return load({ ignoreOtherTabs: true })
    lastAttempt.value = { name: handover.name, avatar: handover.avatar }
    lookup.value = 'ok'
    chat.enter(lastAttempt.value)
  }

  return {
    lookup,
    lookupError,
    load,
    lastAttempt,
    enter,
    /** This tab handed its place in the room to another tab. */
    moved: tabs.moved,
    continuing: tabs.continuing,
    continueHere,
    /** A locked room this browser was in: try to go back in (the server decides). */
    rejoin: open,
    /** The person accepts the invitation in the link (their click spends it, when they join). */
    acceptInvitation: gates.accept,
    submitPassword: gates.submitPassword,
    passwordError: gates.passwordError,
    checkingPassword: gates.checking,
  }
}
