/**
 * The one place where domain and protocol errors become error frames and close codes. It
 * speaks the protocol, not a transport: `connection.ts` sends what it says to any `Peer`.
 */
import { CLOSE_CODES, ERROR_SENDER, type ErrorFrame } from '../../../protocol/index.js'
import {
  ChatError,
  NotInvited,
  PasswordRequired,
  Removed,
  TooManyAttempts,
  WrongPassword,
  RoomExpired,
  RoomFull,
  RoomLocked,
  RoomNotFound,
  StoreFull,
  StoreUnavailable,
} from './errors.js'
import { ProtocolError } from './client-frames.js'

export interface WireError {
  /** Sent to the client first, when present. */
  frame?: ErrorFrame
  /** Then the connection is closed with this code, when present. */
  close?: { code: number; reason: string }
  /** Unexpected: log it. */
  unexpected?: boolean
}

export function errorFrame(code: ErrorFrame['code'], message: string): ErrorFrame {
  return { type: 'error', sender: ERROR_SENDER, code, message }
}

export function toWireError(err: unknown): WireError {
  if (err instanceof RoomNotFound) {
    return { close: { code: CLOSE_CODES.ROOM_NOT_FOUND, reason: 'Room not found' } }
  }
  if (err instanceof RoomExpired) {
    return { close: { code: CLOSE_CODES.ROOM_EXPIRED, reason: 'Room expired' } }
  }
  if (err instanceof RoomFull) {
    return {
      frame: errorFrame(err.code, err.message),
      close: { code: CLOSE_CODES.ROOM_FULL, reason: 'Room full' },
    }
  }
  if (err instanceof RoomLocked) {
    return {
      frame: errorFrame(err.code, err.message),
      close: { code: CLOSE_CODES.ROOM_LOCKED, reason: 'Room locked' },
    }
  }
  if (err instanceof Removed) {
    return {
      frame: errorFrame(err.code, err.message),
      close: { code: CLOSE_CODES.REMOVED, reason: 'Removed by the host' },
    }
  }
  if (
    err instanceof PasswordRequired ||
    err instanceof WrongPassword ||
    err instanceof TooManyAttempts
  ) {
    return {
      frame: errorFrame(err.code, err.message),
      close: { code: CLOSE_CODES.PASSWORD, reason: 'Password required' },
    }
  }
  if (err instanceof NotInvited) {
    return {
      frame: errorFrame(err.code, err.message),
      close: { code: CLOSE_CODES.NOT_INVITED, reason: 'Not invited' },
    }
  }
  if (err instanceof StoreFull) {
    return {
      frame: errorFrame(
        'store_full',
        'The chat server is full right now: this was not sent. Try again in a minute.',
      ),
    }
  }
  if (err instanceof StoreUnavailable) {
    return {
      frame: errorFrame(
        'unavailable',
        'The chat is unreachable for a moment: this was not sent. Try again shortly.',
      ),
    }
  }
  if (err instanceof ChatError || err instanceof ProtocolError) {
    return { frame: errorFrame(err.code, err.message) }
  }
  return {
    frame: errorFrame('internal', 'Something went wrong on our side. Please try again.'),
    unexpected: true,
  }
}

/**
 * The store is unreachable. The store logs that once per change of state, so nothing
 * that merely ran into it logs it again, per connection.
 */
export function isStoreOutage(err: unknown): boolean {
  return err instanceof StoreUnavailable
}
