/**
 * What the domain needs of a connection. The transport (`ws/`) implements it; the
 * domain never imports `ws`, so it can be driven by any socket, or by a test double.
 */

/** A frame ready to go: its JSON is computed once and shared by every recipient. */
export interface Outgoing {
  readonly json: string
}

export interface Peer {
  /** Queues a frame. Frames reach the client in the order they were sent. */
  send(frame: Outgoing): void
  /** Sends what is queued, then closes with `code`. */
  close(code: number, reason: string): void
}

/** The logging the domain does (pino's shape). */
export interface Logger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

export function outgoing(frame: object): Outgoing {
  return { json: JSON.stringify(frame) }
}
