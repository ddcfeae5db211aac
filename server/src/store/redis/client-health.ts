/**
 * Whether one Redis client can be used right now, so that during an outage every command
 * fails within about a second (`StoreUnavailable`) instead of queuing behind ioredis's
 * reconnect attempts, and so that the outage is reported once when it starts and once
 * when it ends, not once per retry.
 *
 * Fed by the client's own events (`ready` up; `close`, `end`, `error` while not ready:
 * down) plus a per-command bound: a command that gets no answer within
 * `COMMAND_TIMEOUT_MS` (a Redis that is stopped but whose socket stays open) marks the
 * client stalled until a PING answers again. Every 'error' event has this listener, so
 * ioredis never prints `Unhandled error event`.
 */
import { StoreFull, StoreUnavailable, type AvailabilityListener } from '../store.js'
import { COMMAND_TIMEOUT_MS, type RedisClient } from './connection.js'
const PROBE_INTERVAL_MS = 250
/** How long a refusal for lack of memory keeps the store reported full (`/readyz`). */
const FULL_FOR_MS = 60_000

/** Redis's answer when `maxmemory` is reached and nothing may be evicted. */
function isOutOfMemory(error: unknown): boolean {
  // A command's own refusal starts with `OOM`; inside a script Redis may wrap it, and a
  // transaction refused at EXEC carries it among ioredis's `previousErrors`.
  if (!(error instanceof Error)) return false
  const previous = (error as { previousErrors?: unknown[] }).previousErrors ?? []
  return [error, ...previous].some(
    (e) => e instanceof Error && /\bOOM command not allowed\b/.test(e.message),
  )
}

export class RedisHealth {
  private connected = false
  private stalled = false
  private downSince = Date.now()
  /** When the client last became usable (0: never); reapers wait a dead window after it. */
  upSince = 0
  private firstError: unknown
  private reported: boolean | undefined
  private readonly waiters = new Set<() => void>()
  private readonly listeners: AvailabilityListener[] = []
  private probe: NodeJS.Timeout | undefined
  /** When Redis last refused a write for lack of memory (0: never). */
  private fullAt = 0

  constructor(
    private readonly client: RedisClient,
    /** Whether the client connects before its first command (false for a lazy subscriber). */
    private readonly gated = true,
  ) {
    client.on('ready', () => this.setConnected(true))
    for (const event of ['close', 'end'] as const) {
      client.on(event, () => this.setConnected(false))
    }
    client.on('error', (error: unknown) => {
      this.firstError ??= error
      if (client.status !== 'ready') this.setConnected(false)
    })
    if (client.status === 'ready') this.connected = true
  }

  /** Redis refused a write for lack of memory within the last `FULL_FOR_MS`. */
  get full(): boolean {
    return this.fullAt > 0 && Date.now() - this.fullAt < FULL_FOR_MS
  }

  get available(): boolean {
    return (this.connected || !this.gated) && !this.stalled
  }

  /** Called on every change, and once for the first state (down only after it was up). */
  onChange(listener: AvailabilityListener): void {
    this.listeners.push(listener)
  }

  /**
   * Runs `command` when the client is usable: waits for it at most the rest of
   * `COMMAND_TIMEOUT_MS` from when it went down, and bounds the answer to the same time.
   * Throws `StoreUnavailable` otherwise; the command is then never sent, or sent on a
   * connection that does not resend it (see `connect`).
   */
  async run<T>(command: () => Promise<T>): Promise<T> {
    if (!this.available) await this.waitUsable()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.setStalled(new Error(`Redis did not answer within ${COMMAND_TIMEOUT_MS} ms`))
        reject(new StoreUnavailable())
      }, COMMAND_TIMEOUT_MS)
    })
    try {
      return await Promise.race([command(), timeout])
    } catch (error) {
      if (isOutOfMemory(error)) {
        this.fullAt = Date.now()
        throw new StoreFull({ cause: error })
      }
      if (error instanceof StoreUnavailable || isConnectionError(error) || !this.available) {
        throw new StoreUnavailable({ cause: error })
      }
      throw error
    } finally {
      clearTimeout(timer)
    }
  }

  close(): void {
    clearInterval(this.probe)
    this.probe = undefined
    for (const wake of this.waiters) wake()
  }

  private waitUsable(): Promise<void> {
    const left = this.downSince + COMMAND_TIMEOUT_MS - Date.now()
    if (left <= 0) return Promise.reject(new StoreUnavailable())
    return new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        clearTimeout(timer)
        this.waiters.delete(wake)
        if (this.available) resolve()
        else reject(new StoreUnavailable())
      }
      const timer = setTimeout(wake, left)
      this.waiters.add(wake)
    })
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return
    this.connected = connected
    this.changed()
  }

  private setStalled(error: unknown): void {
    if (this.stalled) return
    this.firstError = error
    this.stalled = true
    this.changed()
    this.probe = setInterval(() => {
      if (!this.connected) return
      this.client.ping().then(
        () => {
          clearInterval(this.probe)
          this.probe = undefined
          this.stalled = false
          this.changed()
        },
        () => undefined,
      )
    }, PROBE_INTERVAL_MS)
    this.probe.unref()
  }

  private changed(): void {
    const available = this.available
    if (available) this.upSince = Date.now()
    else if (this.reported !== false) this.downSince = Date.now()
    for (const wake of [...this.waiters]) if (available) wake()
    // Once per change of state: "down" is only news once the client has been up.
    if (this.reported === available || (this.reported === undefined && !available)) return
    this.reported = available
    const error = this.firstError
    this.firstError = undefined
    for (const listener of this.listeners) listener(available, available ? undefined : error)
  }
}

const CONNECTION_ERRORS =
  /Connection is closed|Stream isn't writeable|max retries|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|CLUSTERDOWN|TRYAGAIN|Failed to refresh slots cache|None of startup nodes/i

/** Errors of the connection rather than of the command (which Redis answered). */
export function isConnectionError(error: unknown): boolean {
  return error instanceof Error && CONNECTION_ERRORS.test(error.message)
}
