/**
 * Resume tokens (quiet reconnects): 192 random bits given to a member that asks, kept by the
 * store only as a SHA-256 hash, so a token read from Redis could not be replayed.
 */
import { createHash, randomBytes } from 'node:crypto'

export function newResumeToken(): string {
  return randomBytes(24).toString('base64url')
}

export function hashResumeToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
