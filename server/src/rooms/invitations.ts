/**
 * Single-use invitations and the invitation-only switch, as the host uses them (the frames
 * `invite`, `revoke_invitation`, `invitation_only`) and as a joiner presents them. A token is
 * 192 random bits given to the host once; the store keeps a hash of it bound to the room, and
 * the invitation's public id is the start of that hash, so the id names it to the host and
 * in a revoke without ever giving the token away. Spending is the store's, in the join's one
 * atomic step (`admission.ts`).
 */
import { randomBytes } from 'node:crypto'
import {
  INVITATION_TOKEN_PATTERN,
  MAX_OPEN_INVITATIONS,
  type ClientInvitationOnly,
  type ClientInvite,
  type ClientRevokeInvitation,
  type InvitationFrame,
  type InvitationState,
  type InvitationsFrame,
} from '../../../protocol/index.js'
import type { NewInvitation, PresentedInvitation, Store } from '../store/store.js'
import { tokenHash } from './creator-token.js'
import { InvitationNotOpen, InvitationsFull, NotHost, NotJoined, RoomExpired } from './errors.js'
import type { Member } from './member.js'
import { outgoing } from './peer.js'

/** Characters of the hash that make an invitation's public id (96 bits). */
const ID_CHARS = 16
const TOKEN_SHAPE = new RegExp(INVITATION_TOKEN_PATTERN)
// Controls, bidi controls and isolates, and other invisible format characters.
const UNSHOWABLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu

/** A fresh invitation: its token (for the host, once) and what the store keeps. */
export function newInvitation(
  roomId: string,
  label: string | undefined,
  now = Date.now(),
): { token: string; invitation: NewInvitation } {
  const token = randomBytes(24).toString('base64url')
  const shown = label?.replace(UNSHOWABLE, '').trim()
  return {
    token,
    invitation: {
      ...presentInvitation(roomId, token)!,
      ...(shown && { label: shown }),
      createdAt: new Date(now).toISOString(),
    },
  }
}

/** What a join presenting `token` names; null for a token of the wrong shape. */
export function presentInvitation(roomId: string, token: string): PresentedInvitation | null {
  if (!TOKEN_SHAPE.test(token)) return null
  const hash = tokenHash(roomId, `invitation\0${token}`)
  return { id: hash.slice(0, ID_CHARS), hash }
}

/** Where the invitation of `token` stands, without spending it (the room info's `invitation` look-up). */
export async function invitationState(
  store: Store,
  roomId: string,
  token: string,
): Promise<InvitationState> {
  const presented = presentInvitation(roomId, token)
  const record = presented && (await store.invitations.get(roomId, presented.id))
  return record && record.hash === presented.hash ? record.state : 'invalid'
}

export type InvitationFrameIn = ClientInvite | ClientRevokeInvitation | ClientInvitationOnly

/** The host's invitation frames; anyone else gets `not_host`. */
export async function handleInvitationFrame(
  member: Member,
  frame: InvitationFrameIn,
  store: Store,
): Promise<void> {
  if (member.state !== 'joined') throw new NotJoined()
  if (!member.host) throw new NotHost()
  const roomId = member.roomId
  switch (frame.type) {
    case 'invite': {
      const { token, invitation } = newInvitation(roomId, frame.label)
      const made = await store.invitations.create(roomId, invitation, MAX_OPEN_INVITATIONS)
      if (made === 'full') throw new InvitationsFull(MAX_OPEN_INVITATIONS)
      if (made === 'room_not_found') throw new RoomExpired()
      const answer: InvitationFrame = {
        type: 'invitation',
        id: invitation.id,
        token,
        ...(invitation.label && { label: invitation.label }),
        created_at: invitation.createdAt,
        ...(frame.client_id && { client_id: frame.client_id }),
      }
      member.peer.send(outgoing(answer))
      return
    }
    case 'revoke_invitation':
      if (!(await store.invitations.revoke(roomId, frame.id))) throw new InvitationNotOpen()
      return
    case 'invitation_only':
      if (!(await store.invitations.setInvitationOnly(roomId, frame.enabled))) {
        throw new RoomExpired()
      }
      return
  }
}

/** The open invitations, for a host who just joined. */
export async function openInvitationsFrame(
  store: Store,
  roomId: string,
): Promise<InvitationsFrame> {
  return { type: 'invitations', open: await store.invitations.open(roomId) }
}
