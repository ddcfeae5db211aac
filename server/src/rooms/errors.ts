/**
 * What the domain refuses, as typed errors. The transport maps each one to an error
 * frame, a close code or an HTTP status in one place (`rooms/wire-errors.ts`,
 * `http/error-handler.ts`); the domain never knows which.
 */
import type { ErrorCode } from '../../../protocol/index.js'
import type { AdmissionRefusal } from './admission.js'

export class ChatError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = new.target.name
  }
}

/**
 * The store cannot be reached (Redis down, stopped or failing over): nothing was stored.
 * Thrown within about a second instead of waiting for the store to come back. It lives
 * here because the domain and the transports map it (to `unavailable`, 503), while only
 * the stores throw it (`store/store.ts` re-exports it for them).
 */
export class StoreUnavailable extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The store is unreachable', options)
    this.name = 'StoreUnavailable'
  }
}

/**
 * The store is reachable but full (Redis answered `OOM`: `maxmemory` reached, and nothing
 * may be evicted): nothing was stored. Mapped to `store_full` and 503 like an outage.
 */
export class StoreFull extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The store is full', options)
    this.name = 'StoreFull'
  }
}

export class RoomNotFound extends Error {
  constructor() {
    super('Room not found')
    this.name = 'RoomNotFound'
  }
}

export class RoomExpired extends Error {
  constructor() {
    super('Room expired')
    this.name = 'RoomExpired'
  }
}

export class RoomFull extends ChatError {
  constructor(max: number) {
    super('room_full', `This room is full (${max} people). Try again later.`)
  }
}

export class NameTaken extends ChatError {
  constructor(name: string) {
    super(
      'name_taken',
      `Someone in this room is already called "${name}" or a name that looks like it. Pick another name.`,
    )
  }
}

export class InvalidName extends ChatError {
  constructor(reason: string) {
    super('invalid_name', reason)
  }
}

export class InvalidAvatar extends ChatError {
  constructor() {
    super(
      'invalid_avatar',
      'An avatar is a short id (up to 32 of a-z, 0-9 and -), or empty for your initial.',
    )
  }
}

export class NotJoined extends ChatError {
  constructor() {
    super('not_joined', 'Join the room first: send a join frame with your name.')
  }
}

export class AlreadyJoined extends ChatError {
  constructor() {
    super('already_joined', 'You have already joined this room.')
  }
}

export class EmptyMessage extends ChatError {
  constructor() {
    super('empty_message', 'The message is empty.')
  }
}

export class MessageTooLong extends ChatError {
  constructor(max: number) {
    super('message_too_long', `Messages can be at most ${max} characters long.`)
  }
}

export class RateLimited extends ChatError {
  constructor() {
    super('rate_limited', 'You are sending messages too fast. Wait a moment and try again.')
  }
}

export class ReplyNotFound extends ChatError {
  constructor() {
    super('reply_not_found', 'The message you replied to is no longer in this room.')
  }
}

export class InvalidEnvelope extends ChatError {
  constructor() {
    super(
      'invalid_envelope',
      'This room is end-to-end encrypted and that message was not, so it was not sent. ' +
        '(Clients: send an e1 envelope, see protocol/envelope.ts.)',
    )
  }
}

export class NotHost extends ChatError {
  constructor() {
    super('not_host', 'Only the host of this room can do that.')
  }
}

export class MemberNotFound extends ChatError {
  constructor() {
    super('member_not_found', 'Nobody of that name is in this room.')
  }
}

export class RoomLocked extends ChatError {
  constructor() {
    super('room_locked', 'The host has locked this room: nobody new can join.')
  }
}

export class Removed extends ChatError {
  constructor() {
    super('removed', 'The host removed you from this room. You cannot rejoin it.')
  }
}

/** `POST /api/rooms/` options that do not go together (a password in an encrypted room…). */
export class BadRoomOptions extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BadRoomOptions'
  }
}

/** A lifetime outside what the server allows. */
export class TtlOutOfRange extends Error {
  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    super(`ttl_seconds must be a whole number from ${min} to ${max}.`)
    this.name = 'TtlOutOfRange'
  }
}

/** The typed error for a join the store refused (see `admission.ts`). */
export function refusedJoin(reason: AdmissionRefusal, name: string, membersPerRoom: number): Error {
  if (reason === 'name_taken') return new NameTaken(name)
  if (reason === 'room_full') return new RoomFull(membersPerRoom)
  if (reason === 'room_locked') return new RoomLocked()
  if (reason === 'banned') return new Removed()
  if (reason === 'room_not_found') return new RoomNotFound()
  return new NotInvited(reason)
}

const NOT_INVITED_WORDS = {
  invitation_required:
    'The host made this room invitation only: the room link alone does not let anyone new in. Ask the host for an invitation.',
  invitation_used:
    'This invitation was used already: it lets one person in, once. Ask the host for a new one.',
  invitation_revoked: 'The host revoked this invitation. Ask them for a new one.',
  invitation_invalid:
    'This invitation is not one of this room’s (the link may be cut short or mistyped).',
} as const

/** A join the room's invitations refuse: none in an invitation-only room, or a spent one. */
export class NotInvited extends ChatError {
  constructor(reason: keyof typeof NOT_INVITED_WORDS) {
    super(reason, NOT_INVITED_WORDS[reason])
  }
}

/** A password room joined without a password. */
export class PasswordRequired extends ChatError {
  constructor() {
    super('password_required', 'This room has a password. Enter it to come in.')
  }
}

export class WrongPassword extends ChatError {
  constructor() {
    super('wrong_password', 'That password is not this room’s. Check it and try again.')
  }
}

/** Too many wrong passwords from one address, or for one room, within the window. */
export class TooManyAttempts extends ChatError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'too_many_attempts',
      `Too many wrong passwords. Wait ${retryAfterSeconds} seconds and try again.`,
    )
  }
}

/** The host has as many open invitations as a room may. */
export class InvitationsFull extends ChatError {
  constructor(max: number) {
    super(
      'invitations_full',
      `This room already has ${max} open invitations. Revoke one before making another.`,
    )
  }
}

/** The host revoked an invitation that is not open (used, revoked, or never made). */
export class InvitationNotOpen extends ChatError {
  constructor() {
    super('invitation_invalid', 'That invitation is not open any more (used or revoked).')
  }
}

export class FileTooLarge extends ChatError {
  constructor(maxFileBytes: number) {
    super(
      'file_too_large',
      maxFileBytes === 0
        ? 'This server does not take files.'
        : `That file is too large: the most is ${Math.floor(maxFileBytes / 2 ** 20)} MB.`,
    )
  }
}

export class FilesFull extends ChatError {
  constructor() {
    super('files_full', 'This room holds as many files as it can. No more can be sent here.')
  }
}

export class FileNotReady extends ChatError {
  constructor() {
    super('file_not_ready', 'That file is not uploaded (or was sent already). Send it again.')
  }
}

export class InvalidFile extends ChatError {
  constructor(why: string) {
    super('invalid_file', why)
  }
}

export class UploadsTooFast extends ChatError {
  constructor() {
    super('rate_limited', 'You are sending files too fast. Wait a moment and try again.')
  }
}

export class MessageNotFound extends ChatError {
  constructor() {
    super('message_not_found', 'That message is not in the room any more.')
  }
}

export class NotAuthor extends ChatError {
  constructor(what: 'edit' | 'delete') {
    super(
      'not_author',
      what === 'edit'
        ? 'You can only edit your own messages.'
        : 'You can only delete your own messages (the host can delete any).',
    )
  }
}

export class InvalidReaction extends ChatError {
  constructor() {
    super('invalid_reaction', 'A reaction is one emoji.')
  }
}

export class TooManyReactions extends ChatError {
  constructor() {
    super('too_many_reactions', 'That message has as many reactions as it can take.')
  }
}

export class InvalidTimer extends ChatError {
  constructor() {
    super('invalid_timer', 'A message timer is off, 30 seconds, 1 minute, 5 minutes or 1 hour.')
  }
}
