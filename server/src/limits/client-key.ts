/**
 * What the rooms-per-window limit counts by: a keyed hash of the client address, so
 * no counter (in Redis, or in this process's memory) holds an address in clear.
 *
 * On Redis the limit is shared, so every process must hash with the same secret: one
 * `SharedSecret` whose lease is one window. So no secret outlives the counters made with
 * it by more than a window. A client whose count straddles a change of secret starts a
 * fresh count: at most the limit twice within one window, which a fixed window allows at
 * its edge anyway.
 *
 * Whoever can read the secret and the counters at the same moment can test a guessed
 * address against them: any limiter must recognise an address it is counting.
 */
import type { RedisClient } from '../store/redis/connection.js'
import { addressHash, newAddressSecret } from './address-hash.js'
import { SharedSecret } from './shared-secret.js'

/** The key a client address is counted under. */
export type ClientKey = (address: string) => Promise<string>

/** One process: a secret of its own, kept as long as the process. */
export function localClientKey(): ClientKey {
  const secret = newAddressSecret()
  return async (address) => addressHash(secret, address)
}

/** Many processes on one Redis: the secret lives in `secretKey` for `windowMs`. */
export function sharedClientKey(
  redis: RedisClient,
  secretKey: string,
  windowMs: number,
): ClientKey {
  const secret = new SharedSecret({
    redis,
    key: secretKey,
    leaseMs: windowMs,
    renew: false,
    what: 'rate-limit',
  })
  return async (address) => addressHash(await secret.get(), address)
}
