/**
 * What the rooms-per-window limit counts by: a keyed hash of the client address, so
 * no counter (in Redis, or in this process's memory) holds an address in clear.
 *
 * On Redis the limit is shared, so every process must hash with the same secret. The
 * first process that needs one draws it and stores it with `SET NX` for one window;
 * the others read it, and each caches it until Redis expires it, when a new one is
 * drawn. So no secret outlives the counters made with it by more than a window, and
 * once every process is gone Redis forgets both. A client whose count straddles a
 * change of secret starts a fresh count: at most the limit twice within one window,
 * which a fixed window allows at its edge anyway.
 *
 * Whoever can read the secret and the counters at the same moment can test a guessed
 * address against them: any limiter must recognise an address it is counting.
 */
import type { FastifyRequest } from 'fastify'
import type { Cluster, Redis } from 'ioredis'
import { addressHash, newAddressSecret } from '../store/address-hash.js'

export type ClientKey = (request: FastifyRequest) => Promise<string>

/** One process: a secret of its own, kept as long as the process. */
export function localClientKey(): ClientKey {
  const secret = newAddressSecret()
  return async (request) => addressHash(secret, request.ip)
}

/** Many processes on one Redis: the secret lives in `secretKey` for `windowMs`. */
export function sharedClientKey(
  redis: Redis | Cluster,
  secretKey: string,
  windowMs: number,
): ClientKey {
  let cached: { secret: string; until: number } | undefined
  let fetching: Promise<string> | undefined

  const fetch = async (): Promise<string> => {
    const now = Date.now()
    const results = await redis
      .multi()
      .set(secretKey, newAddressSecret(), 'PX', windowMs, 'NX')
      .get(secretKey)
      .pttl(secretKey)
      .exec()
    const failed = results?.find(([error]) => error)
    if (failed) throw failed[0]
    const secret = results?.[1]?.[1]
    const ttl = Number(results?.[2]?.[1])
    if (typeof secret !== 'string') throw new Error('rate-limit secret missing from Redis')
    cached = { secret, until: now + Math.max(0, ttl) }
    return secret
  }

  return async (request) => {
    const secret =
      cached && Date.now() < cached.until
        ? cached.secret
        : await (fetching ??= fetch().finally(() => (fetching = undefined)))
    return addressHash(secret, request.ip)
  }
}
