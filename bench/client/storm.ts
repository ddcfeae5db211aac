/**
 * The load generator's side of the reconnect storm (`bench/scenarios/storm.ts`): once armed,
 * a joined member whose connection closes comes back by itself. Bystanders (`fast`) try every
 * 100 ms; the other members follow the web app's schedule (`web/src/composables/
 * useChatSocket.ts`): attempts after 1, 2 and 4 s, each spread over its second half
 * (`jittered`), then one every 3 s, jittered the same way (the page's probe, followed at once by
 * an attempt when it answers). Each member's time from its close to its `history` is recorded.
 * Meanwhile the bystanders publish on an open loop, each message tagged with the phase it was
 * sent in, so latencies before, during and after the storm land in their own histograms.
 */
import { encode, newHistogram, record, type Histogram } from '../lib/histogram.js'
import type { StormEnd, StormStatus } from './messages.js'
import { nowMicros, type Member } from './member.js'

/** Payload steps of the storm's messages: `STORM_STEP + phase`. */
export const STORM_STEP = 900_000_000
const PHASES = 4
/** The web app's quick attempts, then its probe interval (`RECONNECT_DELAYS_MS`, `PROBE_EVERY_MS`). */
const DELAYS_MS = [1000, 2000, 4000]
const PROBE_EVERY_MS = 3000
const FAST_RETRY_MS = 100
/** A join still unanswered after this long is given up and tried again. */
const JOIN_TIMEOUT_MS = 60_000

/** As the web app waits: `ms` spread over its second half. */
const jittered = (ms: number): number => Math.round(ms / 2 + Math.random() * (ms / 2))
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export interface StormHooks {
  /** This worker's members. */
  members(): Member[]
  /** Connects and joins the member (its `spec.room`), resolving once `history` came. */
  join(member: Member, timeoutMs: number): Promise<void>
  /** Sends a chat message with this payload. */
  send(member: Member, payload: string): void
}

export class StormClient {
  private armed = false
  /** Bumped on each arm and end, so loops of an earlier storm stop touching this one. */
  private generation = 0
  private fast = new Set<Member>()
  private awaitRooms = false
  private rooms = new Map<string, string>()
  /** The new process answers (memory: its rooms are being made again). */
  private up = false
  private renamed = new WeakSet<Member>()
  private phase = 0
  private status = emptyStatus()
  private attempts = 0
  private failedAttempts = 0
  private closes: Record<string, number> = {}
  private rejoin = newHistogram()
  private fastRejoin = newHistogram()
  private latencies: Histogram[] = []

  constructor(private readonly hooks: StormHooks) {}

  arm(fast: number[], publishers: number[], rate: number, awaitRooms: boolean): void {
    this.reset()
    const members = this.hooks.members()
    this.fast = new Set(fast.map((i) => members[i]!))
    this.awaitRooms = awaitRooms
    this.armed = true
    this.phase = 1
    if (publishers.length > 0 && rate > 0)
      this.publish(
        publishers.map((i) => members[i]!),
        rate,
      )
  }

  serverUp(): void {
    this.up = true
  }

  setRooms(rooms: Record<string, string>): void {
    for (const [from, to] of Object.entries(rooms)) this.rooms.set(from, to)
  }

  setPhase(phase: number): void {
    this.phase = phase
  }

  current(): StormStatus {
    return { ...this.status, sent: [...this.status.sent], received: [...this.status.received] }
  }

  /** A delivery of a storm message (its payload's step), µs after it was due; false if not one. */
  deliver(frameStep: number, latencyUs: number): boolean {
    const phase = frameStep - STORM_STEP
    if (phase < 1 || phase > PHASES || !this.armed) return false
    this.status.received[phase]!++
    record(this.latencies[phase]!, latencyUs)
    return true
  }

  /** A joined member's connection closed: it comes back by itself while armed. */
  lost(member: Member, code: number): boolean {
    if (!this.armed || member.leaving) return false
    member.ready = false
    this.closes[code] = (this.closes[code] ?? 0) + 1
    void this.comeBack(member, this.generation)
    return true
  }

  end(): StormEnd {
    const result: StormEnd = {
      ...this.current(),
      attempts: this.attempts,
      failedAttempts: this.failedAttempts,
      closes: this.closes,
      rejoin: encode(this.rejoin),
      fastRejoin: encode(this.fastRejoin),
      latencies: this.latencies.map((h) => encode(h)),
    }
    this.reset()
    return result
  }

  private reset(): void {
    this.armed = false
    this.generation++
    this.phase = 0
    this.fast = new Set()
    this.rooms = new Map()
    this.up = false
    this.status = emptyStatus()
    this.attempts = 0
    this.failedAttempts = 0
    this.closes = {}
    this.rejoin.destroy()
    this.fastRejoin.destroy()
    for (const h of this.latencies) h.destroy()
    this.rejoin = newHistogram()
    this.fastRejoin = newHistogram()
    this.latencies = Array.from({ length: PHASES + 1 }, () => newHistogram())
  }

  private async comeBack(member: Member, generation: number): Promise<void> {
    const fast = this.fast.has(member)
    const closedAt = nowMicros()
    if (fast) this.status.fastWaiting++
    else this.status.waiting++
    const live = () => this.armed && this.generation === generation && !member.leaving
    for (let attempt = 0; ; attempt++) {
      await sleep(fast ? FAST_RETRY_MS : jittered(DELAYS_MS[attempt] ?? PROBE_EVERY_MS))
      if (!live()) return
      if (!fast) this.attempts++
      if (await this.attempt(member)) break
      if (!fast) this.failedAttempts++
      if (!live()) return
    }
    if (!live()) return
    const now = Date.now()
    if (fast) {
      this.status.fastWaiting--
      this.status.fastBack++
      this.status.lastFastBackAt = now
      record(this.fastRejoin, nowMicros() - closedAt)
    } else {
      this.status.waiting--
      this.status.back++
      this.status.lastBackAt = now
      record(this.rejoin, nowMicros() - closedAt)
    }
  }

  /**
   * One connection attempt. On the memory store, the member's room must be made again first:
   * before the new process answers the attempt fails (as against a server that is down, or
   * one closing); after, it waits the moment the bench takes to make the rooms.
   */
  private async attempt(member: Member): Promise<boolean> {
    if (this.awaitRooms && !this.renamed.has(member)) {
      if (!this.up) return false
      const generation = this.generation
      let room = this.rooms.get(member.spec.room)
      for (; !room && this.generation === generation; room = this.rooms.get(member.spec.room))
        await sleep(10)
      if (!room) return false
      member.spec.room = room
      // A fresh room: nothing to resume in it.
      member.resume = member.resume && { lastId: 0 }
      this.renamed.add(member)
    }
    try {
      await this.hooks.join(member, JOIN_TIMEOUT_MS)
      return true
    } catch {
      member.ready = false
      member.ws?.terminate()
      return false
    }
  }

  /** Sends message j at start + j/rate from publisher j mod n, skipping those not joined. */
  private publish(publishers: Member[], rate: number): void {
    const generation = this.generation
    const start = nowMicros()
    const gapUs = 1e6 / rate
    let due = 0
    const tick = (): void => {
      if (this.generation !== generation || this.phase === 0) return
      const now = nowMicros()
      for (; start + due * gapUs <= now; due++) {
        const member = publishers[due % publishers.length]!
        if (!member.ready || !member.ws?.open) continue
        const phase = this.phase
        this.hooks.send(member, `~${STORM_STEP + phase}:${Math.round(start + due * gapUs)}~`)
        this.status.sent[phase]!++
      }
      setTimeout(tick, 1)
    }
    tick()
  }
}

function emptyStatus(): StormStatus {
  return {
    back: 0,
    fastBack: 0,
    waiting: 0,
    fastWaiting: 0,
    lastBackAt: 0,
    lastFastBackAt: 0,
    sent: new Array<number>(PHASES + 1).fill(0),
    received: new Array<number>(PHASES + 1).fill(0),
  }
}
