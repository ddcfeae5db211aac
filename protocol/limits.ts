/**
 * Default limits shared by server and web. The server's real values come from config
 * (`CHATTY_*` variables) and are sent to each client in the `joined` frame.
 */
export const DEFAULT_LIMITS = {
  /** Longest chat message, in characters (UTF-16 code units, as `String.length`). */
  messageMaxChars: 4000,
  /** Longest display name, in characters after trimming. */
  nameMaxChars: 32,
  /** Largest WebSocket frame the server accepts, in bytes; larger closes with 1009. */
  maxFrameBytes: 64 * 1024,
  /** Sustained chat messages per second per connection (token bucket refill rate). */
  messagesPerSecond: 5,
  /** Messages a connection may send in a burst before the rate applies. */
  messageBurst: 10,
  /** Members in one room at once. */
  membersPerRoom: 200,
  /** Rooms one client address may create per minute (HTTP 429 past it). */
  roomsPerMinute: 30,
  /** Messages a room keeps and replays to a joining member. */
  historyLimit: 10_000,
  /** Minimum gap between two typing notices relayed for one member, in ms. */
  typingThrottleMs: 2000,
  /** Characters of the quoted message a reply carries (`reply_to.excerpt`). */
  replyExcerptChars: 140,
} as const
