/**
 * A member joins its room: the name and avatar checked, the member put in its room here
 * (events flowing) before the store admits it (one atomic step, see `admission.ts`), then
 * `joined` and the history, then what arrived meanwhile. A join overtaken by its
 * connection's end undoes itself, so the room never sees a member that was never `joined`.
 */
import type { ClientJoin, HistoryFrame } from '../../../protocol/index.js'
import { AlreadyJoined, RoomNotFound, refusedJoin } from './errors.js'
import { tokenHash, tokenMatches } from './creator-token.js'
import { joinedFrame, notice } from './frames.js'
import type { Member } from './member.js'
import { checkAvatar, checkName } from './names.js'
import { outgoing } from './peer.js'
import { hashResumeToken, newResumeToken } from './resume-token.js'
import type { Room, RoomContext } from './room.js'
import { toRoomInfo } from './room-service.js'
import { openInvitationsFrame, presentInvitation } from './invitations.js'
import type { RoomAccess } from './room-access.js'
import { NotInvited, PasswordRequired } from './errors.js'

export interface JoinContext extends RoomContext {
  /** Puts the member in its room here (events flowing) and returns the room. */
  attach(member: Member): Promise<Room>
  /** A password room's check (absent: such a room admits nobody but its host). */
  access?: RoomAccess
}

export async function join(member: Member, input: ClientJoin, ctx: JoinContext): Promise<void> {
  if (member.state !== 'connected') throw new AlreadyJoined()
  const { store, limits } = ctx
  const roomId = member.roomId
  const { name, key } = checkName(input.sender, limits.nameMaxChars)
  const avatar = checkAvatar(input.avatar)
  // Quiet reconnects only for clients that ask: a seed client's drop is a leave, as ever.
  const grace = ctx.reconnectGraceMs > 0
  const token = grace && (input.resume || input.resume_token) ? newResumeToken() : undefined
  const presented = grace && input.resume_token ? hashResumeToken(input.resume_token) : undefined
  member.state = 'joining'
  let resumed = false
  try {
    // Subscribe before adding the member and reading history, so no event falls between.
    const here = await ctx.attach(member)
    if (member.gone) return await abandon(member, here, ctx, false)
    const room = await store.getRoom(roomId)
    if (member.gone) return await abandon(member, here, ctx, false)
    if (!room) throw new RoomNotFound()
    const host = tokenMatches(roomId, input.creator_token, room.creatorHash)
    // Before anything of the room is given out, a name being taken included.
    if (!host && room.passwordHash) {
      if (!ctx.access) throw new PasswordRequired()
      await ctx.access.check(room, input, member.address)
      if (member.gone) return await abandon(member, here, ctx, false)
    }
    const invitation = input.invitation ? presentInvitation(roomId, input.invitation) : undefined
    if (invitation === null) throw new NotInvited('invitation_invalid')
    const browser = input.browser_token ? tokenHash(roomId, input.browser_token) : undefined
    member.name = name
    member.key = key
    const added = await store.addMember(
      roomId,
      {
        name,
        key,
        avatar,
        connId: member.connId,
        ...(token && { resumeHash: hashResumeToken(token) }),
        ...(browser && { browser }),
      },
      limits.membersPerRoom,
      presented,
      { host, ...(invitation && { invitation }) },
    )
    if (added.ok) member.holdsName = true
    resumed = added.ok && added.resumed === true
    if (member.gone) return await abandon(member, here, ctx, resumed)
    if (!added.ok) throw refusedJoin(added.reason, name, limits.membersPerRoom)
    member.resumable = token !== undefined
    member.avatar = avatar
    member.host = host
    member.encrypted = room.encrypted
    // A resume is exact only within one epoch: otherwise the ids may name other messages,
    // and the member is told so and given the history from the start. A client that sends
    // no epoch (older clients, scripts) gets the slice after `last_id` as before.
    const recovered =
      input.last_id === undefined || input.epoch === undefined
        ? undefined
        : input.epoch === room.epoch
    const lastId = recovered === false ? undefined : input.last_id
    const history = here.sift(await store.history(roomId, lastId ?? 0, limits.historyLimit))
    member.lastId = await startingId(member, ctx, history, lastId)
    if (member.gone) return await abandon(member, here, ctx, resumed)

    member.peer.send(
      outgoing(
        joinedFrame({ name, avatar, host }, toRoomInfo(room), limits, token, {
          epoch: room.epoch,
          recovered,
        }),
      ),
    )
    member.peer.send(outgoing({ type: 'history', messages: history } satisfies HistoryFrame))
    // The host's list of open invitations; changes come as room events after it.
    if (host) member.peer.send(outgoing(await openInvitationsFrame(store, roomId)))
    member.state = 'joined'
    const pending = member.pending
    member.pending = []
    for (const event of pending) here.send(member, event)
  } catch (err) {
    await undo(member, ctx)
    throw err
  }
  // A member back within the grace was never announced as gone: nothing to announce.
  if (!resumed) await store.append(roomId, notice(name, 'join'))
}

/**
 * A join overtaken by the end of its connection: the name goes back without a notice, as if
 * the join had never been sent. A resumed member was present to the others all along, so
 * its leave is announced (after the grace, as any drop of a member with a token would be).
 */
async function abandon(
  member: Member,
  room: Room,
  ctx: RoomContext,
  resumed: boolean,
): Promise<void> {
  if (!resumed) return undo(member, ctx)
  member.holdsName = false
  member.close()
  ctx.afterGrace(room.id, () => room.depart(member))
}

async function undo(member: Member, ctx: RoomContext): Promise<void> {
  if (member.holdsName) {
    member.holdsName = false
    await ctx.store.removeMember(member.roomId, member.key, member.connId).catch(() => false)
  }
  if (member.state === 'joining') {
    member.close()
    member.state = 'connected'
  }
}

/** The id below which live events are duplicates of what this member already has. */
async function startingId(
  member: Member,
  ctx: RoomContext,
  history: { id: number }[],
  lastSeen: number | undefined,
): Promise<number> {
  const last = history.at(-1)
  if (last) return last.id
  if (!lastSeen) return 0
  // Nothing new since `lastSeen`: trust it only up to the room's real latest id.
  const [latest] = await ctx.store.history(member.roomId, 0, 1)
  return Math.min(lastSeen, latest?.id ?? 0)
}
