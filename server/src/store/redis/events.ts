/**
 * The Redis store's event bus: room events over pub/sub (sharded on a cluster), one
 * channel per room shared by this process's subscribers. Pub/sub delivers at most once,
 * so each channel's frames go through a `RoomFeed` that repairs gaps from history; after
 * a reconnect every room first checks that Redis did not lose writes (its epoch), then
 * reads what it missed.
 */
import { createHash } from 'node:crypto'
import type { TypingFrame } from '../../../../protocol/index.js'
import { callEach } from '../listeners.js'
import { newEpoch, type RoomListener } from '../store.js'
import { RedisHealth } from './client-health.js'
import { RoomChannels, type RedisTarget } from './connection.js'
import type { RedisContext } from './context.js'
import { RoomFeed } from './room-feed.js'
import { checkEpochScript } from './scripts-rooms.js'

export interface RedisEventsOptions {
  /** The room's stored frames after `afterId` (the latest `limit`), oldest first, as stored. */
  readHistory: (roomId: string, afterId: number, limit: number) => Promise<string[]>
  /** Sends the room's batched appends first, so the room's events keep their call order. */
  flush: (roomId: string) => void
  /** A `room_closed` went by: the room is gone. */
  onRoomClosed: (roomId: string) => void
}

interface Channel {
  listeners: Set<RoomListener>
  /** Settles when Redis confirmed the SUBSCRIBE. */
  ready: Promise<unknown>
  /** Puts the stream back in order when pub/sub lost part of it (see `room-feed.ts`). */
  feed: RoomFeed
  roomId: string
}

export class RedisEvents {
  /** The subscriber connection's health (the command connection's is `ctx.health`). */
  readonly subHealth: RedisHealth
  private readonly sub: RoomChannels
  private readonly channels = new Map<string, Channel>()
  private readonly resetListeners: ((roomId: string) => void)[] = []
  private catchingUp: Promise<void> | undefined
  private catchUpAgain = false

  constructor(
    private readonly ctx: RedisContext,
    target: RedisTarget,
    private readonly options: RedisEventsOptions,
  ) {
    this.sub = new RoomChannels(target, (channel, message) =>
      this.onChannelMessage(channel, message),
    )
    // It listens to every 'error' event (ioredis retries on its own meanwhile).
    this.subHealth = new RedisHealth(this.sub.client, !this.sub.sharded)
    this.sub.onResubscribed(() => this.catchUp())
  }

  /** The subscriber connection, for the store to close. */
  get client(): RoomChannels['client'] {
    return this.sub.client
  }

  async publish(roomId: string, frame: TypingFrame): Promise<void> {
    this.options.flush(roomId)
    const { redis, keys, health } = this.ctx
    const channel = keys.channel(roomId)
    const json = JSON.stringify(frame)
    await health.run(() =>
      redis.isCluster ? redis.spublish(channel, json) : redis.publish(channel, json),
    )
  }

  async subscribe(roomId: string, listener: RoomListener): Promise<() => Promise<void>> {
    const name = this.ctx.keys.channel(roomId)
    let channel = this.channels.get(name)
    if (!channel) {
      const listeners = new Set<RoomListener>()
      const feed = new RoomFeed(
        (afterId) => this.options.readHistory(roomId, afterId, this.ctx.historyLimit),
        (frame, json) => {
          if (frame.type === 'room_closed') this.options.onRoomClosed(roomId)
          callEach(listeners, [{ frame, json }], this.ctx.onError)
        },
        this.ctx.onError,
      )
      channel = {
        listeners,
        ready: this.subHealth.run(() => this.sub.subscribe(name)),
        feed,
        roomId,
      }
      this.channels.set(name, channel)
    }
    // Wrapped so that one function subscribed twice gets two independent subscriptions.
    const entry: RoomListener = (event) => listener(event)
    channel.listeners.add(entry)
    const unsubscribe = async (): Promise<void> => {
      channel.listeners.delete(entry)
      if (channel.listeners.size > 0 || this.channels.get(name) !== channel) return
      this.channels.delete(name)
      // Commands on one connection run in order, so a SUBSCRIBE sent after this one wins.
      await this.sub.unsubscribe(name)
    }
    try {
      await channel.ready
    } catch (error) {
      await unsubscribe().catch(() => {})
      throw error
    }
    return unsubscribe
  }

  onHistoryReset(listener: (roomId: string) => void): void {
    this.resetListeners.push(listener)
  }

  /** Stored frames a history read gave members here (see `RoomFeed.noteHistory`). */
  noteHistory(roomId: string, json: string[]): void {
    this.channels.get(this.ctx.keys.channel(roomId))?.feed.noteHistory(json)
  }

  /** Drops every channel (the store is closing; its connections go next). */
  close(): void {
    this.channels.clear()
  }

  /** One pub/sub message: one frame, or a batch of frames joined by newlines. */
  private onChannelMessage(channelName: string, message: string): void {
    this.channels.get(channelName)?.feed.push(message)
  }

  /**
   * Subscriptions were re-established: every room reads what it missed meanwhile. One round
   * at a time (a failover re-establishes them many times while the cluster recovers), and
   * one error reported per round, not one per room.
   */
  private catchUp(): void {
    // Before reading what was missed: a room that lost writes starts over from its counter.
    void this.checkEpochs()
      .catch((error: unknown) => this.ctx.onError(error))
      .then(() => this.catchUpFeeds())
  }

  private catchUpFeeds(): void {
    if (this.catchingUp) {
      this.catchUpAgain = true
      return
    }
    const feeds = [...this.channels.values()].map((channel) => channel.feed)
    if (feeds.length === 0) return
    let failure: unknown
    const noteFailure = (error: unknown): void => {
      failure ??= error
    }
    this.catchingUp = Promise.all(feeds.map((feed) => feed.catchUp(noteFailure))).then(() => {
      this.catchingUp = undefined
      if (failure !== undefined) this.ctx.onError(failure)
      if (this.catchUpAgain) {
        this.catchUpAgain = false
        this.catchUpFeeds()
      }
    })
  }

  /**
   * After a reconnect: a room lost writes (a failover, or a restart from an older file) when
   * its counter is behind the newest frame this process handed out (live or in a history
   * read), or when that id now holds another frame (new writes took the lost ids again). It
   * gets a new epoch, its feed goes on from the counter, and the members here are told
   * (`onHistoryReset`).
   */
  private async checkEpochs(): Promise<void> {
    const { redis, keys, health } = this.ctx
    for (const [name, channel] of this.channels) {
      const handedOut = channel.feed.handedOut
      if (!handedOut) continue
      const roomId = channel.roomId
      const seq = (await health.run(() =>
        checkEpochScript.run(
          redis,
          [keys.room(roomId), keys.seq(roomId), keys.messages(roomId)],
          [handedOut.id, sha1(handedOut.json), newEpoch()],
        ),
      )) as number
      if (seq < 0 || this.channels.get(name) !== channel) continue
      channel.feed.resetTo(seq)
      callEach(this.resetListeners, [roomId], this.ctx.onError)
    }
  }
}

/** What `checkEpochScript` compares with the stored frame (Redis's `sha1hex` of the same bytes). */
function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex')
}
