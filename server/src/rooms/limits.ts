/** The limits the domain enforces. `config.ts` builds them from `CHATTY_*` variables. */
export interface RoomLimits {
  /** Longest chat message, in UTF-16 code units. */
  messageMaxChars: number
  /** Longest display name, after trimming. */
  nameMaxChars: number
  /** Token bucket per connection: refill rate and burst. */
  messagesPerSecond: number
  messageBurst: number
  membersPerRoom: number
  /** Messages a room keeps and replays to a joining member. */
  historyLimit: number
  /** Minimum gap between two typing notices relayed for one member. */
  typingThrottleMs: number
  /** Characters of the quoted message a reply carries. */
  replyExcerptChars: number
  /** The largest file, in bytes of content (0: no files). */
  maxFileBytes: number
  /** What one room's files may hold in all, in stored bytes (uploads under way included). */
  roomFileBytes: number
  /**
   * The longest a name stays held after its connection is gone: the reconnect grace, or on
   * Redis a member of a process that died (until it is reaped). Told to clients in `joined`.
   */
  nameHoldSeconds?: number
}
