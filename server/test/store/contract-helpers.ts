/**
 * What the store contract suite and the Redis-only tests share: a message draft, a fresh
 * room, a recording subscriber and a poll-until helper (Vitest's `vi.waitFor`). Factories must build their store
 * with `historyLimit: CONTRACT_HISTORY_LIMIT`.
 */
import { randomUUID } from 'node:crypto'
import { vi } from 'vitest'
import type { MessageFrame } from '../../../protocol/index.js'
import type { RoomEvent, Store } from '../../src/store/store.js'

export const CONTRACT_HISTORY_LIMIT = 20

export type StoreFactory = () => Promise<{ store: Store; cleanup(): Promise<void> }>

export const HOUR = 3_600_000

export function draft(content: string, sender = 'alice'): Omit<MessageFrame, 'id'> {
  return {
    type: 'message',
    sender,
    avatar: 'fox',
    content,
    timestamp: new Date().toISOString(),
  }
}

export async function newRoom(store: Store, ttlMs = HOUR): Promise<string> {
  const id = randomUUID()
  const now = Date.now()
  await store.createRoom({ id, createdAt: now, expiresAt: now + ttlMs, encrypted: false })
  return id
}

/** Polls until `check` stops throwing (or gives up with its last error). */
export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  await vi.waitFor(check, { timeout: timeoutMs, interval: 20 })
}

/** Subscribes and records every event of the room. */
export async function record(store: Store, roomId: string) {
  const events: RoomEvent[] = []
  const stop = await store.subscribe(roomId, (event) => events.push(event))
  return { events, stop, frames: () => events.map((e) => e.frame) }
}
