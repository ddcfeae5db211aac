/**
 * The store for one process: plain Maps, expiry by timer. Events are delivered
 * synchronously, so their order is simply call order.
 */
import { getHeapStatistics } from 'node:v8'
import type {
  Member,
  MemberRemovedFrame,
  RoomClosedFrame,
  RoomStateFrame,
  StoredFrame,
  TypingFrame,
  UsersFrame,
} from '../../../protocol/index.js'
import { LOCK_RESUME_GRACE_SECONDS, USER_LIST_SENDER } from '../../../protocol/index.js'
import type {
  AddMemberResult,
  Admission,
  MemberRecord,
  MessageDraft,
  AvailabilityListener,
  ReapListener,
  RenameResult,
  RoomEvent,
  RoomListener,
  RoomRecord,
  Store,
  StoreOptions,
} from './store.js'
import { callEach } from './listeners.js'
import { StoreFull } from './store.js'
import { MemoryBudget, ROOM_OVERHEAD_BYTES, messageCost } from './memory-budget.js'
import { decideAdmission } from '../rooms/admission.js'
import { admissionState, memberList, type RoomState } from './memory-room-state.js'
import { MemoryBlobs } from './memory-blobs.js'
import { MemoryMessageEdits } from './memory-message-edits.js'
import { MemoryInvitations } from './memory-invitations.js'

const RESUME_GRACE_MS = LOCK_RESUME_GRACE_SECONDS * 1000

// setTimeout fires at once for delays past 2^31-1 ms; longer rooms re-arm the timer.
const MAX_TIMER_MS = 2 ** 31 - 1

export interface MemoryStoreOptions extends StoreOptions {
  /** Where an exception thrown by a listener is reported (default: console.error). */
  onListenerError?: (error: unknown) => void
  /** What all rooms' histories may hold, in bytes (default: `defaultBudgetBytes`). */
  budgetBytes?: number
}

/**
 * The default budget: half of what V8 may hold in its heap, at most 768 MB, so that a flood
 * of long messages stays under about 1 GB of RSS (a message's real cost is about 1.8 times
 * its text; the budget counts 2 times, plus the object).
 */
export function defaultBudgetBytes(): number {
  return Math.min(768 * 2 ** 20, Math.floor(getHeapStatistics().heap_size_limit / 2))
}

export class MemoryStore implements Store {
  private readonly rooms = new Map<string, RoomState>()
  private readonly listeners = new Map<string, Set<RoomListener>>()
  private readonly historyLimit: number
  private readonly onListenerError: (error: unknown) => void
  readonly budget: MemoryBudget
  /** The rooms' files (`memory-blobs.ts`). */
  readonly files: MemoryBlobs
  /** Deletions, edits and reactions (`memory-message-edits.ts`). */
  readonly edits: MemoryMessageEdits
  /** The rooms' invitations (`memory-invitations.ts`). */
  readonly invitations: MemoryInvitations

  constructor(options: MemoryStoreOptions) {
    this.historyLimit = options.historyLimit
    this.budget = new MemoryBudget(options.budgetBytes ?? defaultBudgetBytes())
    this.onListenerError = options.onListenerError ?? ((error) => console.error(error))
    this.files = new MemoryBlobs(this.budget, {
      live: (roomId) => this.live(roomId) !== undefined,
      banned: (roomId, key) => this.rooms.get(roomId)?.bans.has(key) ?? false,
      histories: () => this.rooms.values(),
    })
    this.edits = new MemoryMessageEdits(
      { live: (roomId) => this.live(roomId), emit: (roomId, frame) => this.emit(roomId, frame) },
      this.budget,
    )
    this.invitations = new MemoryInvitations({
      record: (roomId) => this.live(roomId)?.record,
      emit: (roomId, frame) => this.emit(roomId, frame),
    })
  }

  async createRoom(room: RoomRecord): Promise<void> {
    if (this.budget.full) throw new StoreFull()
    const existing = this.rooms.get(room.id)
    if (existing) {
      clearTimeout(existing.timer)
      this.budget.release(existing.bytes + ROOM_OVERHEAD_BYTES)
    }
    this.budget.charge(ROOM_OVERHEAD_BYTES)
    this.rooms.set(room.id, {
      record: { ...room },
      messages: [],
      costs: [],
      bytes: 0,
      nextId: 1,
      members: new Map(),
      bans: new Set(),
      admitted: new Map(),
      timer: this.expiryTimer(room.id, room.expiresAt),
    })
  }

  async getRoom(roomId: string): Promise<RoomRecord | null> {
    const state = this.live(roomId)
    return state ? { ...state.record } : null
  }

  async append(roomId: string, draft: MessageDraft): Promise<StoredFrame | null> {
    const state = this.live(roomId)
    if (!state) return null
    // `type` then `id` first, as the Redis store writes them, so both stores send the same JSON.
    const { type, ...rest } = draft
    const frame = { type, id: state.nextId, ...rest } as StoredFrame
    // Serialized before it is kept, so a draft that cannot be serialized is refused whole.
    const json = JSON.stringify(frame)
    const cost = messageCost(json)
    if (!this.budget.makeRoom(cost, this.rooms.values())) throw new StoreFull()
    state.nextId++
    state.messages.push(frame)
    state.costs.push(cost)
    state.bytes += cost
    this.budget.charge(cost)
    while (state.messages.length > this.historyLimit) this.budget.dropOldest(state)
    this.budget.capRoom(state)
    this.emit(roomId, frame, json)
    return frame
  }

  async history(roomId: string, afterId: number, limit: number): Promise<StoredFrame[]> {
    const state = this.live(roomId)
    if (!state || limit <= 0) return []
    const newer = state.messages.filter((m) => m.id > afterId)
    return newer.slice(Math.max(0, newer.length - limit))
  }

  async message(roomId: string, id: number): Promise<StoredFrame | null> {
    return this.live(roomId)?.messages.find((m) => m.id === id) ?? null
  }

  async addMember(
    roomId: string,
    member: MemberRecord,
    maxMembers: number,
    resumeHash?: string,
    admission: Admission = { host: false },
  ): Promise<AddMemberResult> {
    const state = this.live(roomId)
    const presented = admission.invitation
    const invitation = state && presented && this.invitations.lookup(roomId, presented)
    const decision = decideAdmission(admissionState(state, member, invitation), {
      maxMembers,
      resumeHash,
      host: admission.host,
    })
    if (!decision.ok) return { ok: false, reason: decision.reason }
    // Admitted, so the room is live: the decision's first rule.
    const room = state!
    // Setting a taken key keeps its place in the Map: a resumed member keeps its join order.
    room.members.set(member.key, { ...member })
    if (member.browser) room.admitted.set(member.browser, Infinity)
    const members = memberList(room)
    this.emitUsers(roomId, members)
    if (!decision.resumed && decision.spend && presented)
      this.invitations.spend(roomId, presented.id)
    return decision.resumed ? { ok: true, members, resumed: true } : { ok: true, members }
  }

  async removeMember(roomId: string, key: string, connId: string): Promise<boolean> {
    const state = this.live(roomId)
    const member = state?.members.get(key)
    if (!state || member?.connId !== connId) return false
    state.members.delete(key)
    if (member.browser) state.admitted.set(member.browser, Date.now() + RESUME_GRACE_MS)
    this.emitUsers(roomId, memberList(state))
    return true
  }

  async expelMember(roomId: string, key: string): Promise<string | null> {
    const state = this.live(roomId)
    const member = state?.members.get(key)
    if (!state || !member) return null
    state.members.delete(key)
    state.bans.add(key)
    if (member.browser) {
      state.bans.add(`b:${member.browser}`)
      state.admitted.delete(member.browser)
    }
    const removed: MemberRemovedFrame = { type: 'member_removed', name: member.name }
    this.emit(roomId, removed)
    this.emitUsers(roomId, memberList(state))
    return member.name
  }

  async renameMember(
    roomId: string,
    fromKey: string,
    connId: string,
    to: { name: string; key: string; avatar: string },
  ): Promise<RenameResult> {
    const state = this.live(roomId)
    if (!state) return { ok: false, reason: 'room_not_found' }
    const member = state.members.get(fromKey)
    if (member?.connId !== connId) return { ok: false, reason: 'not_member' }
    if (to.key !== fromKey) {
      if (state.members.has(to.key)) return { ok: false, reason: 'name_taken' }
      if (state.bans.has(to.key)) return { ok: false, reason: 'banned' }
    }
    // Rebuilt in order, so the renamed member keeps its place in the join order.
    state.members = new Map(
      [...state.members].map(([key, m]) =>
        key === fromKey ? [to.key, { ...m, ...to }] : [key, m],
      ),
    )
    this.emitUsers(roomId, memberList(state))
    return { ok: true }
  }

  async setLocked(roomId: string, locked: boolean): Promise<boolean> {
    const state = this.live(roomId)
    if (!state) return false
    // Absent when unlocked, as the Redis store reads it back.
    if (locked) state.record.locked = true
    else delete state.record.locked
    const frame: RoomStateFrame = { type: 'room_state', locked }
    this.emit(roomId, frame)
    return true
  }

  async setVanishSeconds(roomId: string, seconds: number): Promise<boolean> {
    const state = this.live(roomId)
    if (!state) return false
    if (seconds > 0) state.record.vanishSeconds = seconds
    else delete state.record.vanishSeconds
    const locked = state.record.locked === true
    this.emit(roomId, { type: 'room_state', locked, vanish_seconds: seconds })
    return true
  }

  async destroyRoom(roomId: string): Promise<boolean> {
    if (!this.live(roomId)) return false
    const frame: RoomClosedFrame = { type: 'room_closed', reason: 'host' }
    this.emit(roomId, frame)
    this.forget(roomId)
    return true
  }

  async publish(roomId: string, frame: TypingFrame): Promise<void> {
    if (this.live(roomId)) this.emit(roomId, frame)
  }

  async subscribe(roomId: string, listener: RoomListener): Promise<() => Promise<void>> {
    let set = this.listeners.get(roomId)
    if (!set) this.listeners.set(roomId, (set = new Set()))
    // Wrapped so that one listener subscribed twice gets two independent subscriptions.
    const entry: RoomListener = (event) => listener(event)
    set.add(entry)
    return async () => {
      const current = this.listeners.get(roomId)
      current?.delete(entry)
      if (current?.size === 0) this.listeners.delete(roomId)
    }
  }

  onReap(_listener: ReapListener): void {
    // One process holds every member, so no member can outlive its process here.
  }

  onAvailability(_listener: AvailabilityListener): void {}

  onHistoryReset(_listener: (roomId: string) => void): void {}

  async ping(): Promise<void> {}

  readonly outlivesProcess = false
  /** Near the memory budget: new rooms are refused (`/readyz` says so). */
  get full(): boolean {
    return this.budget.full
  }

  async close(): Promise<void> {
    for (const state of this.rooms.values()) clearTimeout(state.timer)
    this.rooms.clear()
    this.files.clear()
    this.invitations.clear()
    this.listeners.clear()
  }

  /** The room if it exists and its time has not passed; a passed room is deleted on sight. */
  private live(roomId: string): RoomState | undefined {
    const state = this.rooms.get(roomId)
    if (state && state.record.expiresAt <= Date.now()) {
      this.forget(roomId)
      return undefined
    }
    return state
  }

  private forget(roomId: string): void {
    const state = this.rooms.get(roomId)
    if (state) {
      clearTimeout(state.timer)
      this.budget.release(state.bytes + ROOM_OVERHEAD_BYTES)
    }
    this.rooms.delete(roomId)
    this.files.forgetRoom(roomId)
    this.invitations.forgetRoom(roomId)
    this.listeners.delete(roomId)
  }

  private expiryTimer(roomId: string, expiresAt: number): NodeJS.Timeout {
    const delay = Math.max(0, expiresAt - Date.now())
    const timer = setTimeout(
      () => {
        const state = this.rooms.get(roomId)
        if (state?.timer !== timer) return
        if (delay > MAX_TIMER_MS) state.timer = this.expiryTimer(roomId, expiresAt)
        else this.forget(roomId)
      },
      Math.min(delay, MAX_TIMER_MS),
    )
    timer.unref()
    return timer
  }

  private emitUsers(roomId: string, members: Member[]): void {
    const frame: UsersFrame = { type: 'users', sender: USER_LIST_SENDER, content: members }
    this.emit(roomId, frame)
  }

  private emit(roomId: string, frame: RoomEvent['frame'], json?: string): void {
    const set = this.listeners.get(roomId)
    if (!set || set.size === 0) return
    const event: RoomEvent = { frame, json: json ?? JSON.stringify(frame) }
    callEach(set, [event], this.onListenerError)
  }
}
