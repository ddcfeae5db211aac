import { randomBytes } from 'node:crypto'

/** 128 random bits, base64url: 22 characters, unguessable and safe in a URL path. */
export function newRoomId(): string {
  return randomBytes(16).toString('base64url')
}

const ROOM_ID = /^[A-Za-z0-9_-]{8,64}$/

/** Cheap shape check before any store lookup; anything else is simply "not found". */
export function isRoomIdShape(value: string): boolean {
  return ROOM_ID.test(value)
}
