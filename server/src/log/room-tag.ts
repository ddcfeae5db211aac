/**
 * A short keyed hash of a room id, for log lines that must say which room. A room id
 * is the key to its room, so it never reaches a log; the tag lets one room's lines be
 * followed without exposing it. The key is random per process and never leaves it, so
 * a tag cannot be reversed or linked to tags of another process or run.
 */
import { createHmac, randomBytes } from 'node:crypto'

const KEY = randomBytes(32)

/** 12 hex characters (48 bits): enough to tell a process's rooms apart in its logs. */
export function roomTag(roomId: string): string {
  return createHmac('sha256', KEY).update(roomId).digest('hex').slice(0, 12)
}
