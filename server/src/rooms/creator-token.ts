/**
 * Secrets a client proves without the server keeping them: the creator token (host
 * powers) and the browser token (what a removal bans). Only their SHA-256 is stored,
 * with the room, so a copy of the store does not hand out host powers.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** 192 random bits as 32 base64url characters. */
export function newCreatorToken(): string {
  return randomBytes(24).toString('base64url')
}

/** The stored form of a token, bound to its room so one hash says nothing of another room. */
export function tokenHash(roomId: string, token: string): string {
  return createHash('sha256').update(`chatty/token\0${roomId}\0${token}`).digest('base64url')
}

/** Whether `token` is the one whose hash is `hash` (in constant time). */
export function tokenMatches(roomId: string, token: string | undefined, hash: string | undefined) {
  if (!token || !hash) return false
  const given = Buffer.from(tokenHash(roomId, token))
  const kept = Buffer.from(hash)
  return given.length === kept.length && timingSafeEqual(given, kept)
}
