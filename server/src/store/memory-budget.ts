/**
 * The memory store's budget: what its rooms' histories may hold in all, and one room at
 * most, in bytes, so that no flood of rooms or messages can grow the process without bound.
 *
 * A message is counted as its JSON at two bytes a character (what V8 needs at worst, for
 * text outside Latin-1) plus `MESSAGE_OVERHEAD_BYTES` for the object around it; a room as
 * `ROOM_OVERHEAD_BYTES`. Counted generously: a Latin-1 chat takes about half.
 *
 * - A room's history past its cap loses its oldest messages, as past the history limit.
 * - Past the budget, the biggest histories lose their oldest messages first, down to
 *   `TRIM_TO` of the budget: a flood pays for itself, and other rooms keep chatting.
 * - From `REFUSE_ROOMS_AT` of the budget, new rooms are refused (`store_full`, 503).
 * - A message is refused only when no history is left to trim.
 */
export const MESSAGE_OVERHEAD_BYTES = 256
export const ROOM_OVERHEAD_BYTES = 4096
export const TRIM_TO = 0.85
export const REFUSE_ROOMS_AT = 0.8

/** A room's cap: 1/64 of the budget, between 1 MB and 32 MB. */
export function roomCapBytes(budgetBytes: number): number {
  return Math.min(32 * 2 ** 20, Math.max(2 ** 20, Math.floor(budgetBytes / 64)))
}

export function messageCost(json: string): number {
  return json.length * 2 + MESSAGE_OVERHEAD_BYTES
}

/** A history as the budget sees it: its messages, their costs (oldest first) and their sum. */
export interface BudgetedHistory {
  messages: unknown[]
  costs: number[]
  bytes: number
}

export class MemoryBudget {
  private used = 0

  constructor(
    readonly budgetBytes: number,
    readonly roomCap = roomCapBytes(budgetBytes),
  ) {}

  get usedBytes(): number {
    return this.used
  }

  /** Near the budget: new rooms are refused. */
  get full(): boolean {
    return this.used >= this.budgetBytes * REFUSE_ROOMS_AT
  }

  charge(bytes: number): void {
    this.used += bytes
  }

  release(bytes: number): void {
    this.used -= bytes
  }

  /** Drops `history`'s oldest message; the budget and the history are both told. */
  dropOldest(history: BudgetedHistory): void {
    const cost = history.costs.shift() ?? 0
    history.messages.shift()
    history.bytes -= cost
    this.used -= cost
  }

  /** Keeps `history` within the room cap (its newest message always stays). */
  capRoom(history: BudgetedHistory): void {
    while (history.bytes > this.roomCap && history.costs.length > 1) this.dropOldest(history)
  }

  /**
   * Makes room for `bytes` more: while past the budget, the biggest history loses its oldest
   * messages, down to `TRIM_TO` of the budget. False when that cannot be done.
   */
  makeRoom(bytes: number, histories: Iterable<BudgetedHistory>): boolean {
    if (this.used + bytes <= this.budgetBytes) return true
    const target = this.budgetBytes * TRIM_TO - bytes
    const all = [...histories]
    while (this.used > target) {
      let biggest: BudgetedHistory | undefined
      for (const h of all)
        if (h.costs.length > 0 && (!biggest || h.bytes > biggest.bytes)) biggest = h
      if (!biggest) break
      // Down to the next biggest's size (at least one message), then look again.
      let next = 0
      for (const h of all) if (h !== biggest && h.bytes > next) next = h.bytes
      do this.dropOldest(biggest)
      while (this.used > target && biggest.costs.length > 0 && biggest.bytes >= next)
    }
    return this.used + bytes <= this.budgetBytes
  }
}
