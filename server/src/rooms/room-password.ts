/**
 * A room password as the server keeps it (`protocol/room-access.ts`). A plain room's password
 * is hashed with scrypt, memory-hard: 2^15 × 8 × 128 bytes = 32 MiB and about 50 ms a try on
 * a server core, on libuv's thread pool (never the event loop); attempts are limited besides
 * (`room-access.ts`). The hash carries its cost, so it may change without breaking rooms.
 * An encrypted room's password never reaches the server: what the server keeps is a SHA-256 of
 * its verifier (`kc2`, 256 bits derived in the browser), like the creator token's.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { tokenHash, tokenMatches } from './creator-token.js'

const SCRYPT = { log2N: 15, r: 8, p: 1 }
const KEY_BYTES = 32
// Node's default maxmem is exactly 32 MiB, which N = 2^15, r = 8 needs plus a little more.
const MAX_MEM = 64 * 2 ** 20

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_BYTES,
      { ...options, maxmem: MAX_MEM },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  )
}

/** `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` (base64url): what a plain password room keeps. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const { log2N, r, p } = SCRYPT
  const key = await derive(password, salt, { N: 2 ** log2N, r, p })
  return ['scrypt', log2N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** Whether `password` is the one `stored` (from `hashPassword`) was made of, in constant time. */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [kind, log2N, r, p, salt, hash] = stored.split('$')
  if (kind !== 'scrypt' || !salt || !hash) return false
  const options = { N: 2 ** Number(log2N), r: Number(r), p: Number(p) }
  const given = await derive(password, Buffer.from(salt, 'base64url'), options)
  const kept = Buffer.from(hash, 'base64url')
  return given.length === kept.length && timingSafeEqual(given, kept)
}

/** What an encrypted password room keeps of its verifier (`kc2:…`), bound to the room. */
export function verifierHash(roomId: string, check: string): string {
  return tokenHash(roomId, `password\0${check}`)
}

export function verifierMatches(roomId: string, check: string, stored: string): boolean {
  return tokenMatches(roomId, `password\0${check}`, stored)
}
