/**
 * Client addresses are never kept in clear, in memory or in Redis: what counts by address
 * (rooms per window, sockets per address) counts by this keyed hash instead. The secret
 * is drawn by `newAddressSecret` and, on Redis, shared by the processes with `SET NX`
 * (each user of it decides how long it lives).
 */
import { createHmac, randomBytes } from 'node:crypto'

/** HMAC-SHA-256 of the address, 22 base64url characters (132 bits). */
export function addressHash(secret: string, address: string): string {
  return createHmac('sha256', secret).update(address).digest('base64url').slice(0, 22)
}

/** A fresh secret for `addressHash`: 32 random bytes, as text that Redis can hold. */
export function newAddressSecret(): string {
  return randomBytes(32).toString('base64url')
}
