/**
 * What the domain's unit tests drive it with, in place of sockets and Redis: limits, a
 * silent logger, a peer that records what it is sent, and a memory store whose `addMember`
 * can be held at a gate (to force a race's losing order). Under `__tests__/`, so it never
 * ships (server/tsconfig.build.json, scripts/check-dist.sh).
 */
import type {
  ClientChat,
  ClientJoin,
  ClientRename,
  ServerFrame,
  StoredFrame,
} from '../../../../protocol/index.js'
import { MemoryStore } from '../../store/memory-store.js'
import type { ConnectionPeer } from '../connection.js'
import type { RoomLimits } from '../limits.js'
import type { Outgoing, Peer } from '../peer.js'
import type { RoomHub } from '../room-hub.js'
import type { RoomEvent } from '../../store/store.js'

export const TEST_LIMITS: RoomLimits = {
  messageMaxChars: 100,
  nameMaxChars: 32,
  messagesPerSecond: 5,
  messageBurst: 20,
  membersPerRoom: 10,
  historyLimit: 100,
  typingThrottleMs: 2000,
  replyExcerptChars: 10,
  maxFileBytes: 1024 * 1024,
  roomFileBytes: 4 * 1024 * 1024,
}

export const silentLog = { info: () => {}, warn: () => {}, error: () => {} }

/** Every frame sent, decoded (the connection's own answers also in `control`), and the first close. */
export class RecordingPeer implements ConnectionPeer {
  readonly frames: ServerFrame[] = []
  readonly control: ServerFrame[] = []
  closed: { code: number; reason: string } | undefined
  counting = false
  send(frame: Outgoing): void {
    this.frames.push(JSON.parse(frame.json) as ServerFrame)
  }
  sendControl(frame: Outgoing): void {
    this.send(frame)
    this.control.push(this.frames.at(-1)!)
  }
  startCounting(): void {
    this.counting = true
  }
  close(code: number, reason: string): void {
    this.closed ??= { code, reason }
  }
  types(): string[] {
    return this.frames.map((f) => f.type)
  }
  messages(): StoredFrame[] {
    return this.frames.flatMap((f) =>
      f.type === 'history' ? f.messages : f.type === 'message' || f.type === 'system' ? [f] : [],
    )
  }
}

/** A memory store whose `addMember` waits at a gate while `held` is set. */
export class GatedStore extends MemoryStore {
  held = false
  private entered: (() => void) | undefined
  private open: (() => void) | undefined
  /** Resolves once an `addMember` is waiting at the gate. */
  readonly arrived = new Promise<void>((resolve) => (this.entered = resolve))
  /** Opens the gate for the waiting `addMember` and for every later one. */
  release(): void {
    this.held = false
    this.open?.()
  }
  override async addMember(...args: Parameters<MemoryStore['addMember']>) {
    if (this.held) {
      const gate = new Promise<void>((resolve) => (this.open = resolve))
      this.entered?.()
      await gate
    }
    return super.addMember(...args)
  }
}

/**
 * One connection's member driven as the connection drives it (`connection.ts`), without its
 * frame queue: what the room's unit tests call in place of frames.
 */
export function memberOf(hub: RoomHub, roomId: string, peer: Peer) {
  const member = hub.member(roomId, peer)
  const room = () => hub.joinedRoom(member)
  return {
    member,
    get joined() {
      return member.joined
    },
    join: (input: ClientJoin) => hub.join(member, input),
    chat: async (input: ClientChat) => room().chat(member, input),
    typing: async () => room().typing(member),
    rename: async (input: ClientRename) => room().rename(member, input),
    leave: (now = false) => hub.leave(member, now),
    /** Hands `event` to this member as its room's fan-out does. */
    deliver: (event: RoomEvent) => hub.roomOf(member)?.send(member, event),
  }
}
