/**
 * The password check a join (or `POST /api/rooms/{id}/access`) passes before anything of a
 * password room is given out: no member list, no history, not even whether a name is taken.
 * Wrong tries are limited per client address and per room (`AttemptCounter`, which `limits/`
 * implements in memory or on Redis): an attempt is taken before the slow hash and given back
 * when the password was right, so concurrent guesses cannot slip past the limit, and the
 * members of a busy room rejoining after a restart are not counted against it.
 */
import type { RoomRecord } from '../store/store.js'
import { PasswordRequired, TooManyAttempts, WrongPassword } from './errors.js'
import { passwordMatches, verifierMatches } from './room-password.js'

export interface AttemptCounter {
  /**
   * Takes one attempt under `key` unless `max` are taken in its current window of
   * `windowMs`: null when taken, else the seconds until the window ends.
   */
  take(key: string, max: number, windowMs: number): Promise<number | null>
  /** Gives back one attempt taken under `key` (the password was right). */
  giveBack(key: string): Promise<void>
}

export interface AttemptLimits {
  /** Wrong passwords one client address may try per window, across rooms. */
  perAddress: number
  /** Wrong passwords a room takes per window, from anyone. */
  perRoom: number
  windowMs: number
}

/** 5 a minute from one address, 30 a minute for one room. */
export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = {
  perAddress: 5,
  perRoom: 30,
  windowMs: 60_000,
}

/** What a joiner brings for a password room. */
export interface PasswordProof {
  password?: string | undefined
  password_check?: string | undefined
}

export class RoomAccess {
  constructor(
    private readonly counter: AttemptCounter,
    /** The key a client address is counted under (a keyed hash, never the address). */
    private readonly clientKey: (address: string) => Promise<string>,
    private readonly limits: AttemptLimits = DEFAULT_ATTEMPT_LIMITS,
  ) {}

  /** Passes when the room has no password or `proof` is right; throws otherwise. */
  async check(room: RoomRecord, proof: PasswordProof, address: string): Promise<void> {
    const stored = room.passwordHash
    if (!stored) return
    const given = room.encrypted ? proof.password_check : proof.password
    if (!given) throw new PasswordRequired()
    const keys: [string, number][] = [
      [`room:${room.id}`, this.limits.perRoom],
      [`address:${await this.clientKey(address)}`, this.limits.perAddress],
    ]
    const taken: string[] = []
    for (const [key, max] of keys) {
      const wait = await this.counter.take(key, max, this.limits.windowMs)
      if (wait !== null) {
        await Promise.all(taken.map((k) => this.counter.giveBack(k)))
        throw new TooManyAttempts(wait)
      }
      taken.push(key)
    }
    const right = room.encrypted
      ? verifierMatches(room.id, given, stored)
      : await passwordMatches(given, stored)
    if (!right) throw new WrongPassword()
    await Promise.all(taken.map((k) => this.counter.giveBack(k)))
  }
}
