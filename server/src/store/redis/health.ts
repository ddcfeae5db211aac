/**
 * The Redis store's availability: its two connections (commands, and pub/sub) as one
 * state, reported once per change, never per retry. The store is ready only when both
 * answer, since a store that stores but cannot carry events would serve nobody.
 */
import { callEach } from '../listeners.js'
import type { AvailabilityListener } from '../store.js'
import type { RedisHealth } from './client-health.js'
import type { RedisClient } from './connection.js'

export interface RedisAvailabilityOptions {
  redis: RedisClient
  /** The command connection's health. */
  health: RedisHealth
  /** The subscriber connection's health. */
  subHealth: RedisHealth
  /** Called each time both connections are usable again (before listeners hear of it). */
  onUsable: () => void
  onError: (error: unknown) => void
}

export class RedisAvailability {
  private readonly listeners: AvailabilityListener[] = []
  private reported: boolean | undefined

  constructor(private readonly options: RedisAvailabilityOptions) {
    options.health.onChange((_up, error) => this.changed(error))
    options.subHealth.onChange((_up, error) => this.changed(error))
  }

  /** Whether commands can be sent now. */
  get available(): boolean {
    return this.options.health.available && this.options.subHealth.available
  }

  /** Redis refused a write for lack of memory in the last minute. */
  get full(): boolean {
    return this.options.health.full
  }

  onAvailability(listener: AvailabilityListener): void {
    this.listeners.push(listener)
  }

  async ping(): Promise<void> {
    // Ready means events flow too: the subscriber connection must be up as well.
    await this.options.subHealth.run(async () => undefined)
    await this.options.health.run(() => this.options.redis.ping())
  }

  close(): void {
    this.options.health.close()
    this.options.subHealth.close()
  }

  /** Both connections' states as one: reported when it changes. */
  private changed(error: unknown): void {
    const available = this.available
    if (available) this.options.onUsable()
    if (this.reported === available) return
    if (this.reported === undefined && !available) return
    this.reported = available
    callEach(this.listeners, [available, error], this.options.onError)
  }
}
