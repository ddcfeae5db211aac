/**
 * The members a store keeps for a room, in join order, read from the store's inside: what
 * tests check a join, a leave or a reap against. The stores themselves never need the list
 * on demand (it travels as `users` events), so it is not part of `Store`. Under
 * `__tests__/`, so it never ships.
 */
import type { Member } from '../../../../protocol/index.js'
import { MemoryStore } from '../memory-store.js'
import type { RedisClient } from '../redis/connection.js'
import { RedisKeys } from '../redis/keys.js'
import { RedisStore } from '../redis/redis-store.js'
import type { MemberRecord, Store } from '../store.js'

export async function membersOf(store: Store, roomId: string): Promise<Member[]> {
  if (store instanceof MemoryStore) {
    const inside = store as unknown as {
      live(roomId: string): { members: Map<string, MemberRecord> } | undefined
    }
    const members = inside.live(roomId)?.members.values() ?? []
    return [...members].map(({ name, avatar }) => ({ name, avatar }))
  }
  if (store instanceof RedisStore) {
    const { redis } = store as unknown as { redis: RedisClient }
    const stored = await redis.hvals(new RedisKeys('chatty:').members(roomId))
    return stored
      .map((json) => JSON.parse(json) as Member & { order: number })
      .sort((a, b) => a.order - b.order)
      .map(({ name, avatar }) => ({ name, avatar }))
  }
  throw new Error('membersOf: a store of an unknown kind')
}
