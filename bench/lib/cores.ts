import { availableParallelism } from 'node:os'

/**
 * Where each side runs: the server under test (and Redis) on core 0, the load generator on
 * core 1, so neither steals the other's CPU. On a one-core machine nothing is pinned.
 */
const pinned = availableParallelism() >= 2
export const SERVER_CPUS = pinned ? '0' : undefined
export const CLIENT_CPUS = pinned ? '1' : undefined
