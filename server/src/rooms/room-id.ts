import { randomFillSync } from 'node:crypto'

const ID_BYTES = 16
// Random bytes are drawn from the OS's CSPRNG 256 ids at a time: one call per id was
// a measurable share of a room creation. Each id uses its bytes once.
const pool = Buffer.alloc(ID_BYTES * 256)
let offset = pool.length

/** 128 random bits, base64url: 22 characters, unguessable and safe in a URL path. */
export function newRoomId(): string {
  if (offset === pool.length) {
    randomFillSync(pool)
    offset = 0
  }
  const id = pool.toString('base64url', offset, offset + ID_BYTES)
  offset += ID_BYTES
  return id
}

const ROOM_ID = /^[A-Za-z0-9_-]{8,64}$/

/** Cheap shape check before any store lookup; anything else is simply "not found". */
export function isRoomIdShape(value: string): boolean {
  return ROOM_ID.test(value)
}
