/**
 * The protocol's constants: version, reserved senders, error codes and close codes, each
 * with its description (the `/docs` page and the README tables are built from, or checked
 * against, these). Plain values with no validator behind them, so the web bundle can import
 * them without pulling in TypeBox.
 */

/** Bump when a change would break an existing client. Sent in `joined`. */
export const PROTOCOL_VERSION = 1

/**
 * What a server may do beyond the original protocol, named in `joined.features`: files
 * (`upload`), deleting, editing and reacting to messages, and message timers. A feature is
 * added here when it is added to the server, never taken away; a client checks for each one
 * before offering it, so a new web app works with an older server during a rolling deploy.
 */
export const SERVER_FEATURES = ['files', 'delete', 'edit', 'react', 'vanish'] as const
export type ServerFeature = (typeof SERVER_FEATURES)[number]

/** Senders reserved for the server; no member can take these names. */
export const SYSTEM_SENDER = '__system__'
export const USER_LIST_SENDER = '__user_list__'
export const TYPING_SENDER = '__typing__'
export const ERROR_SENDER = '__error__'

/** Every `code` an `error` frame can carry, with what it means. */
export const ERROR_DESCRIPTIONS = {
  bad_json: 'The frame is not valid JSON.',
  invalid_frame: 'The frame is not an object of a known shape (a field is missing or wrong).',
  unknown_type: 'The frame has a `type` the server does not know.',
  binary_not_supported: 'A binary frame: send frames as JSON text.',
  not_joined: 'A chat or typing frame before the join succeeded.',
  already_joined: 'A second join on the same connection.',
  invalid_name:
    'The display name is empty, too long, has nothing visible, holds invisible or direction-changing characters, or looks like a server sender.',
  name_taken:
    'Someone in the room already has that name or one that looks the same (any case, width or look-alike letters from other scripts).',
  invalid_avatar: 'The avatar is not a short id (up to 32 of `a-z`, `0-9`, `-`) or `""`.',
  empty_message: 'The message is empty or only whitespace.',
  message_too_long: 'The message is longer than the room allows.',
  rate_limited: 'Too many messages (or frames) too fast; wait and send again.',
  room_full: 'The room has its maximum number of members; a 4009 close follows.',
  reply_not_found: 'The message replied to is no longer in the room.',
  invalid_envelope:
    'In an encrypted room: the content is not a well-formed e1 envelope (`protocol/envelope.ts`); nothing was stored.',
  unavailable:
    'The server cannot reach its store for a moment (an outage): this frame was not handled, and a message was not sent (its `client_id` is echoed). Send it again once the server answers.',
  store_full:
    "The server's store is out of memory (Redis at `maxmemory`): this frame was not handled, and a message was not sent (its `client_id` is echoed). Try again in a minute.",
  not_host:
    "A host power (lock, unlock, remove, destroy, invite, revoke_invitation, invitation_only) from a member who did not join with the room's `creator_token`.",
  member_not_found: 'The member to remove is not in the room (or is the host).',
  room_locked: 'The host locked the room: new members cannot join; a 4011 close follows.',
  removed:
    'The host removed this browser or name from the room; it cannot rejoin until the room ends. A 4012 close follows.',
  file_too_large:
    'The file is larger than the server takes (`CHATTY_MAX_FILE_BYTES`), or an encrypted upload is not padded to a bucket of whole chunks.',
  files_full:
    'The room holds as many bytes of files as it may; nothing more can be uploaded until the room ends.',
  file_not_ready:
    'The message names a blob that is not a finished upload of this room, or one already sent.',
  invalid_file:
    "The message's file description is not valid (a plain room's file needs a `name` and its real `size`; a preview must be a small data: image).",
  message_not_found: 'The message to delete, edit or react to is not in the room (any more).',
  not_author: 'Only its author may edit a message, and only its author or the host delete it.',
  invalid_reaction:
    'A reaction is one emoji (plain room) or its well-formed envelope (encrypted room).',
  too_many_reactions: 'That message has as many reactions as it may, or you gave it 6 already.',
  invalid_timer: 'A message timer is one of 0, 30, 60, 300 or 3600 seconds (`VANISH_CHOICES`).',
  internal: 'Something failed on the server; try again.',
  password_required:
    'The room has a password and the join carried none (`password`, or in an encrypted room `password_check`); a 4013 close follows.',
  wrong_password:
    'The password (or, in an encrypted room, its `password_check`) is wrong; a 4013 close follows.',
  too_many_attempts:
    'Too many wrong passwords from your address, or for this room: wait a minute before trying again; a 4013 close follows.',
  invitation_required:
    'The host made the room invitation only: the room link alone no longer lets anyone new in; a 4014 close follows.',
  invitation_used:
    'That invitation was used already: it admits one person, once; a 4014 close follows.',
  invitation_revoked: 'The host revoked that invitation; a 4014 close follows.',
  invitation_invalid:
    'No invitation of this room has that token (on a join: a 4014 close follows), or no open one has that id (`revoke_invitation`).',
  invitations_full: 'The room has as many open invitations as it may; revoke one first.',
} as const

export type ErrorCode = keyof typeof ERROR_DESCRIPTIONS

export const ERROR_CODES = Object.keys(ERROR_DESCRIPTIONS) as ErrorCode[]

/** WebSocket close codes the server sends. */
export const CLOSE_CODES = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  TOO_BIG: 1009,
  RESTARTING: 1012,
  JOIN_TIMEOUT: 4000,
  ROOM_EXPIRED: 4001,
  ORIGIN_NOT_ALLOWED: 4003,
  ROOM_NOT_FOUND: 4004,
  TOO_SLOW: 4008,
  ROOM_FULL: 4009,
  CLOSED_BY_HOST: 4010,
  ROOM_LOCKED: 4011,
  REMOVED: 4012,
  TOO_MANY_SOCKETS: 4029,
  PASSWORD: 4013,
  NOT_INVITED: 4014,
} as const

type CloseCodeName = keyof typeof CLOSE_CODES

/** What each close code means to a client. */
export const CLOSE_DESCRIPTIONS: Record<CloseCodeName, string> = {
  NORMAL: 'Normal close',
  GOING_AWAY: 'Server going away: reconnect',
  TOO_BIG: 'Frame larger than `CHATTY_MAX_FRAME_BYTES`',
  RESTARTING: 'Server restarting: reconnect',
  JOIN_TIMEOUT: 'No join frame in time',
  ROOM_EXPIRED: 'Room expired',
  ORIGIN_NOT_ALLOWED: 'Origin not allowed',
  ROOM_NOT_FOUND: 'Room not found',
  TOO_SLOW: 'Too slow: the client stopped reading',
  ROOM_FULL: 'Room full',
  CLOSED_BY_HOST: 'Closed by its host: the room and everything in it are deleted',
  ROOM_LOCKED: 'Room locked by its host: no new members',
  REMOVED: 'Removed by the host: this browser and name cannot rejoin until the room ends',
  TOO_MANY_SOCKETS:
    'Too many open connections from your address (`CHATTY_MAX_SOCKETS_PER_ADDRESS`): close another tab first',
  PASSWORD:
    'The room has a password: none given, a wrong one, or too many tries (the `error` frame before it says which)',
  NOT_INVITED:
    'Invitation only, or the invitation was used, revoked or not of this room (the `error` frame before it says which)',
}

/** Close codes after which a client should not try to reconnect to the same room. */
export const FINAL_CLOSE_CODES: readonly number[] = [
  CLOSE_CODES.ROOM_EXPIRED,
  CLOSE_CODES.ROOM_NOT_FOUND,
  CLOSE_CODES.ORIGIN_NOT_ALLOWED,
  CLOSE_CODES.ROOM_FULL,
  CLOSE_CODES.CLOSED_BY_HOST,
  CLOSE_CODES.ROOM_LOCKED,
  CLOSE_CODES.REMOVED,
  CLOSE_CODES.PASSWORD,
  CLOSE_CODES.NOT_INVITED,
]

/** The message timers a member or the host may choose, in seconds (0: off). */
export const VANISH_CHOICES: readonly number[] = [0, 30, 60, 300, 3600]

/** Reactions one member may give one message, and one message may hold in all. */
export const REACTIONS_PER_MEMBER = 6
export const REACTIONS_PER_MESSAGE = 500

/** Shortest and longest lifetimes `POST /api/rooms/` accepts by default (the server sends its own). */
export const MIN_ROOM_TTL_SECONDS = 60

/** A member who dropped may rejoin a locked room within this many seconds (same browser). */
export const LOCK_RESUME_GRACE_SECONDS = 120
