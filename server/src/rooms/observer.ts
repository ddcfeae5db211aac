/**
 * What the domain tells about itself for metrics (`metrics/`): counts only. Nothing here
 * names a room, a member or an address, so no label made from it can either.
 */
export interface RoomObserver {
  connectionOpened(): void
  /** The connection closed with `code`, from either side. */
  connectionClosed(code: number): void
  /** A valid frame of this type arrived (`join`, `message`, …). */
  frameIn(type: string): void
  /** An error frame with this code was sent. */
  errorFrame(code: string): void
  /** One frame handed to one member (fan-out counts each recipient). */
  delivered(): void
  /** A message took this long to be stored (and published) by the store. */
  stored(seconds: number): void
}

/** Tells nobody: the default when metrics are off, and in tests. */
export const SILENT_OBSERVER: RoomObserver = {
  connectionOpened: () => {},
  connectionClosed: () => {},
  frameIn: () => {},
  errorFrame: () => {},
  delivered: () => {},
  stored: () => {},
}
