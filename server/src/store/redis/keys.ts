/**
 * Key and channel names of the Redis store, all under one prefix (default `chatty:`).
 * Every key of a room carries the room's hash tag (`{room id}`), and so does its channel:
 * on a cluster they all live in one slot, so a room's scripts and its sharded pub/sub run
 * on one shard. The process registry has its own tag, so its scripts stay on one slot too.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** Hash: created_at, expires_at (epoch ms), encrypted, creator (token hash), locked, joins (join-order counter), password (hash), password_kdf (JSON), invitation_only. Also the pub/sub channel. */
  room(roomId: string): string {
    return `${this.prefix}room:{${roomId}}`
  }

  /** Counter: the last message id handed out. */
  seq(roomId: string): string {
    return `${this.room(roomId)}:seq`
  }

  /** Sorted set: message JSON scored by id, trimmed to the history limit. */
  messages(roomId: string): string {
    return `${this.room(roomId)}:messages`
  }

  /** Hash: member key (the name's confusable skeleton) → JSON {order, name, avatar, connId, node, joinedAt, resume?, browser?} (`resume`: the SHA-256 of the member's resume token; `browser`: the hash of its browser token). */
  members(roomId: string): string {
    return `${this.room(roomId)}:members`
  }

  /** Set: what the host removed, the member key and `b:` + browser hash; lives with the room. */
  bans(roomId: string): string {
    return `${this.room(roomId)}:bans`
  }

  /** Hash: browser hash → until when (epoch ms) it may come back into a locked room. */
  admitted(roomId: string): string {
    return `${this.room(roomId)}:admitted`
  }

  /** Hash: the room's files (`blobs.ts`): `total` (bytes reserved), `m:<blob>` (JSON record), `c:<blob>:<index>` (a chunk's bytes). */
  files(roomId: string): string {
    return `${this.room(roomId)}:files`
  }

  /** Hash: the room's invitations (`invitations.ts`): invitation id → JSON {hash, label?, created_at, state}. */
  invitations(roomId: string): string {
    return `${this.room(roomId)}:invitations`
  }

  /** Every key a room can have, for deleting it at once. */
  roomKeys(roomId: string): string[] {
    return [
      this.room(roomId),
      this.seq(roomId),
      this.messages(roomId),
      this.members(roomId),
      this.bans(roomId),
      this.admitted(roomId),
      this.files(roomId),
      this.invitations(roomId),
    ]
  }

  /** Pub/sub channel of a room's events. */
  channel(roomId: string): string {
    return this.room(roomId)
  }

  /**
   * Hash: node id → its last beat, epoch ms by Redis's clock. A field lives until its
   * node closes or is reaped, so the hash holds live nodes and dead ones not reaped yet.
   * The hash expires 6 beats after the last beat, or at the end of the last room a
   * node joined a member to if that is later: a dead node's members stay findable as
   * long as they could exist, and once every process is gone Redis forgets them all.
   */
  nodes(): string {
    return `${this.prefix}{registry}:nodes`
  }

  /** Set: ids of rooms where the node has (or had) members. */
  nodeRooms(nodeId: string): string {
    return `${this.prefix}{registry}:node:${nodeId}:rooms`
  }

  /** String: set by a reaper once it removed the node's members; the node, if alive, re-adds them. */
  reaped(nodeId: string): string {
    return `${this.prefix}{registry}:node:${nodeId}:reaped`
  }

  /** String (SET NX): the live node that is reaping a dead one. */
  reapLock(nodeId: string): string {
    return `${this.prefix}{registry}:node:${nodeId}:reaper`
  }
}
