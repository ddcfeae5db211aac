/**
 * The load generator as the scenarios see it: a few client processes on the client core,
 * each holding a share of the members. Members are dealt round-robin, so each room is spread
 * over every process, and their source addresses over 127.0.0.1–127.0.0.16.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import type { AdapterKind } from '../client/adapters.js'
import type {
  CollectResult,
  Command,
  ConnectResult,
  MemberSpec,
  PublishResult,
  Reply,
  ResumeResult,
  StormEnd,
  StormStatus,
} from '../client/messages.js'
import { CLIENT_CPUS } from './cores.js'
import type { ServerKind } from './servers.js'
import { merge, type Histogram } from './histogram.js'
import { pin } from './proc-stats.js'

const WORKER = resolve(import.meta.dirname, '../client/worker.ts')
const SOURCE_ADDRESSES = 16

export interface RoomMembers {
  room: string
  names: string[]
}

class Worker {
  private nextId = 0
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  readonly child: ChildProcess
  /** Global member index → index among this worker's members. */
  members = new Map<number, number>()

  constructor() {
    this.child = fork(WORKER, [], {
      execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    if (CLIENT_CPUS && this.child.pid) pin(this.child.pid, CLIENT_CPUS)
    this.child.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id)
      this.pending.delete(reply.id)
      if (reply.error) waiter?.reject(new Error(reply.error))
      else waiter?.resolve(reply.result)
    })
    this.child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`client exited ${code}`))
      this.pending.clear()
    })
  }

  call<T>(command: Command): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.child.send({ ...command, id })
    })
  }
}

export interface Connected {
  connected: number
  failed: number
  firstError: string | null
  joinTimes: Histogram
}

export interface Collected {
  received: number
  stray: number
  leaves: number
  refused: number
  latencies: Histogram
  closes: Record<string, number>
  clientCpuSeconds: number
}

export interface StormTotals extends StormStatus {
  attempts: number
  failedAttempts: number
  closes: Record<string, number>
  rejoin: Histogram
  fastRejoin: Histogram
  /** By phase (index 0 unused). */
  latencies: Histogram[]
}

function sumStatus(parts: StormStatus[]): StormStatus {
  const sum = (pick: (p: StormStatus) => number) => parts.reduce((s, p) => s + pick(p), 0)
  return {
    back: sum((p) => p.back),
    fastBack: sum((p) => p.fastBack),
    waiting: sum((p) => p.waiting),
    fastWaiting: sum((p) => p.fastWaiting),
    lastBackAt: Math.max(...parts.map((p) => p.lastBackAt)),
    lastFastBackAt: Math.max(...parts.map((p) => p.lastFastBackAt)),
    sent: parts[0]!.sent.map((_, i) => sum((p) => p.sent[i]!)),
    received: parts[0]!.received.map((_, i) => sum((p) => p.received[i]!)),
  }
}

export class LoadGenerator {
  private workers: Worker[]
  private roomSizes = new Map<string, number>()
  /** Room of each member, by global index. */
  private memberRoom: string[] = []
  /** Stalled members per room: they are not expected to receive anything. */
  private stalled = new Map<string, number>()

  constructor(processes: number) {
    this.workers = Array.from({ length: processes }, () => new Worker())
  }

  /** Connects and joins every member; resolves when all are ready (or failed). */
  async connect(
    kind: ServerKind,
    bases: string[],
    rooms: RoomMembers[],
    concurrency = 100,
    deadlineMs = 600_000,
    /** Join with `resume: true`, keeping what a quiet reconnect presents (the storm). */
    resume = false,
  ): Promise<Connected> {
    if (kind === 'fastify') throw new Error('the Fastify peer serves files only: it does not chat')
    // The baseline is Chatty too, and speaks its protocol.
    const adapter: AdapterKind = kind === 'baseline' ? 'chatty' : kind
    const deadline = Date.now() + deadlineMs
    const specs: MemberSpec[][] = this.workers.map(() => [])
    this.workers.forEach((w) => (w.members = new Map()))
    this.roomSizes.clear()
    this.stalled.clear()
    this.memberRoom = []
    let index = 0
    // Rooms one after another so that a room fills while others are idle, as people arrive.
    for (const { room, names } of rooms) {
      this.roomSizes.set(room, names.length)
      for (const name of names) {
        const w = index % this.workers.length
        const localAddress = `127.0.0.${1 + (index % SOURCE_ADDRESSES)}`
        this.memberRoom.push(room)
        this.workers[w]!.members.set(index, specs[w]!.length)
        // With several server processes, a room's members alternate between them.
        const base = bases[index % bases.length]!
        specs[w]!.push({ room, name, localAddress, base })
        index++
      }
    }
    const results = await Promise.all(
      this.workers.map((w, i) =>
        w.call<ConnectResult>({
          op: 'connect',
          adapter,
          members: specs[i]!,
          concurrency,
          deadline,
          resume,
        }),
      ),
    )
    return {
      connected: results.reduce((s, r) => s + r.connected, 0),
      failed: results.reduce((s, r) => s + r.failed, 0),
      firstError: results.find((r) => r.firstError)?.firstError ?? null,
      joinTimes: merge(results.map((r) => r.joinHistogram)),
    }
  }

  /**
   * Publishes `rate` messages/s for `durationMs` from the given global member indices,
   * split over the workers that hold them. Returns how many deliveries to expect.
   */
  async publish(step: number, rate: number, durationMs: number, publishers: number[], padding = 0) {
    const local = this.workers.map((w) => this.localIndices(w, publishers))
    await Promise.all(this.workers.map((w) => w.call({ op: 'arm', step })))
    const active = this.workers
      .map((w, i) => ({ w, pubs: local[i]! }))
      .filter((x) => x.pubs.length > 0)
    const results = await Promise.all(
      active.map(({ w, pubs }) =>
        w.call<PublishResult>({
          op: 'publish',
          step,
          durationMs,
          rate: (rate * pubs.length) / publishers.length,
          publishers: pubs,
          padding,
        }),
      ),
    )
    let sent = 0
    let expected = 0
    for (const r of results) {
      for (const [room, count] of Object.entries(r.sentByRoom)) {
        sent += count
        expected += count * ((this.roomSizes.get(room) ?? 0) - (this.stalled.get(room) ?? 0))
      }
    }
    return { sent, expected, maxLagMs: Math.max(...results.map((r) => r.maxLagMs)) }
  }

  async received(): Promise<number> {
    const counts = await Promise.all(
      this.workers.map((w) => w.call<{ received: number }>({ op: 'count' })),
    )
    return counts.reduce((s, c) => s + c.received, 0)
  }

  async collect(): Promise<Collected> {
    const parts = await Promise.all(
      this.workers.map((w) => w.call<CollectResult>({ op: 'collect' })),
    )
    const closes: Record<string, number> = {}
    for (const p of parts)
      for (const [code, n] of Object.entries(p.closes)) closes[code] = (closes[code] ?? 0) + n
    return {
      received: parts.reduce((s, p) => s + p.received, 0),
      stray: parts.reduce((s, p) => s + p.stray, 0),
      leaves: parts.reduce((s, p) => s + p.leaves, 0),
      refused: parts.reduce((s, p) => s + p.refused, 0),
      latencies: merge(parts.map((p) => p.histogram)),
      closes,
      clientCpuSeconds: parts.reduce((s, p) => s + p.clientCpuSeconds, 0),
    }
  }

  /** Stops reading on the given global members (their kernel buffers fill, then the server's). */
  async stall(globalMembers: number[]): Promise<void> {
    for (const g of globalMembers) {
      const room = this.memberRoom[g]!
      this.stalled.set(room, (this.stalled.get(room) ?? 0) + 1)
    }
    await Promise.all(
      this.workers.map((w) =>
        w.call({ op: 'stall', members: this.localIndices(w, globalMembers) }),
      ),
    )
  }

  /** Starts reading again and returns each member's close code (0 when still open). */
  async resume(globalMembers: number[], waitMs: number): Promise<number[]> {
    const parts = await Promise.all(
      this.workers.map((w) =>
        w.call<ResumeResult>({
          op: 'resume',
          members: this.localIndices(w, globalMembers),
          waitMs,
        }),
      ),
    )
    for (const g of globalMembers) {
      const room = this.memberRoom[g]!
      this.stalled.set(room, (this.stalled.get(room) ?? 1) - 1)
    }
    return parts.flatMap((p) => p.codes)
  }

  /**
   * Arms the reconnect storm (`client/storm.ts`): every joined member whose connection closes
   * comes back by itself, `fast` ones (global indices) every 100 ms, the rest on the web app's
   * schedule; `publishers` send `rate` messages/s in all until phase 0.
   */
  async stormArm(fast: number[], publishers: number[], rate: number, awaitRooms: boolean) {
    await Promise.all(
      this.workers.map((w) => {
        const mine = this.localIndices(w, publishers)
        return w.call({
          op: 'storm-arm',
          fast: this.localIndices(w, fast),
          publishers: mine,
          rate: publishers.length > 0 ? (rate * mine.length) / publishers.length : 0,
          awaitRooms,
        })
      }),
    )
  }

  /** The new process answers: on memory, attempts now wait for `stormRooms`. */
  async stormUp(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.call({ op: 'storm-up' })))
  }

  /** The memory store's rooms, recreated after the restart: old id → new id. */
  async stormRooms(rooms: Record<string, string>): Promise<void> {
    await Promise.all(this.workers.map((w) => w.call({ op: 'storm-rooms', rooms })))
  }

  async stormPhase(phase: number): Promise<void> {
    await Promise.all(this.workers.map((w) => w.call({ op: 'storm-phase', phase })))
  }

  async stormStatus(): Promise<StormStatus> {
    const parts = await Promise.all(
      this.workers.map((w) => w.call<StormStatus>({ op: 'storm-status' })),
    )
    return sumStatus(parts)
  }

  /** Disarms the storm and returns what the workers measured, merged. */
  async stormEnd(): Promise<StormTotals> {
    const parts = await Promise.all(this.workers.map((w) => w.call<StormEnd>({ op: 'storm-end' })))
    const closes: Record<string, number> = {}
    for (const p of parts)
      for (const [code, n] of Object.entries(p.closes)) closes[code] = (closes[code] ?? 0) + n
    return {
      ...sumStatus(parts),
      attempts: parts.reduce((s, p) => s + p.attempts, 0),
      failedAttempts: parts.reduce((s, p) => s + p.failedAttempts, 0),
      closes,
      rejoin: merge(parts.map((p) => p.rejoin)),
      fastRejoin: merge(parts.map((p) => p.fastRejoin)),
      latencies: parts[0]!.latencies.map((_, phase) =>
        merge(parts.map((p) => p.latencies[phase]!)),
      ),
    }
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.call({ op: 'disconnect' })))
  }

  close(): void {
    for (const w of this.workers) w.child.disconnect()
  }

  private localIndices(w: Worker, globalMembers: number[]): number[] {
    return globalMembers.flatMap((g) => {
      const local = w.members.get(g)
      return local === undefined ? [] : [local]
    })
  }
}
