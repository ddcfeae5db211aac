import type { ClientJoin } from '../../../protocol/frames'
import type { RoomState } from './apply-frame'
import { browserToken, creatorToken } from './host-tokens'
import { resyncAfter } from './messages'
import { resumeToken } from './resume-tokens'

/**
 * The `join` for a name and avatar in a room. A rejoin asks for what came after the history
 * this tab holds, and the latest `RESYNC_WINDOW` messages of it again, to catch what changed
 * meanwhile (it names the epoch that history is from); every token this
 * browser keeps for the room goes along: creator (host powers), browser (a removed browser
 * stays out, a dropped one gets back into a locked room), resume (a quiet reconnect).
 */
export function joinFrame(
  roomId: string,
  identity: { name: string; avatar: string },
  state: RoomState,
): ClientJoin {
  const { everJoined, messages, epoch } = state
  const hostToken = creatorToken(roomId)
  const browser = browserToken()
  const token = resumeToken(roomId)
  return {
    type: 'join',
    sender: identity.name,
    avatar: identity.avatar,
    ...(everJoined ? { last_id: resyncAfter(messages) } : {}),
    ...(hostToken && { creator_token: hostToken }),
    ...(browser && { browser_token: browser }),
    ...(everJoined && epoch ? { epoch } : {}),
    resume: true,
    ...(token ? { resume_token: token } : {}),
  }
}
