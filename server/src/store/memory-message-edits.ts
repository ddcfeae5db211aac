/** The memory store's message changes (`message-edits.ts`): its rooms' arrays, rewritten in place. */
import type { MessageFrame, ReplyQuote, ServerFrame, StoredFrame } from '../../../protocol/index.js'
import type { MemoryBudget } from './memory-budget.js'
import { messageCost } from './memory-budget.js'
import type { RoomState } from './memory-room-state.js'
import { requoted, type MessageEdits } from './message-edits.js'

export interface EditableRooms {
  live(roomId: string): RoomState | undefined
  emit(roomId: string, frame: ServerFrame): void
}

export class MemoryMessageEdits implements MessageEdits {
  constructor(
    private readonly rooms: EditableRooms,
    private readonly budget: MemoryBudget,
  ) {}

  async remove(roomId: string, id: number, event: ServerFrame): Promise<StoredFrame | null> {
    const state = this.rooms.live(roomId)
    const at = state ? state.messages.findIndex((m) => m.id === id) : -1
    if (!state || at < 0) return null
    const [removed] = state.messages.splice(at, 1)
    const [cost] = state.costs.splice(at, 1)
    state.bytes -= cost!
    this.budget.release(cost!)
    this.requote(state, id, null)
    this.rooms.emit(roomId, event)
    return removed!
  }

  async update(
    roomId: string,
    id: number,
    change: (message: MessageFrame) => MessageFrame,
    event: (message: MessageFrame) => ServerFrame,
    quote?: (message: MessageFrame) => ReplyQuote,
  ): Promise<MessageFrame | null> {
    const state = this.rooms.live(roomId)
    const at = state ? state.messages.findIndex((m) => m.id === id) : -1
    const current = state?.messages[at]
    if (!state || current?.type !== 'message') return null
    const next = change(current)
    this.put(state, at, next)
    if (quote) this.requote(state, id, quote(next))
    this.rooms.emit(roomId, event(next))
    return next
  }

  /** Rewrites every quote of message `id` (as deleted when `quote` is null). */
  private requote(state: RoomState, id: number, quote: ReplyQuote | null): void {
    for (const { before, after } of requoted(state.messages, id, quote)) {
      this.put(state, state.messages.indexOf(before), after)
    }
  }

  /** Puts `frame` at `at`, keeping the budget's count of the room's bytes right. */
  private put(state: RoomState, at: number, frame: StoredFrame): void {
    const cost = messageCost(JSON.stringify(frame))
    const delta = cost - state.costs[at]!
    state.messages[at] = frame
    state.costs[at] = cost
    state.bytes += delta
    this.budget.charge(delta)
  }
}
