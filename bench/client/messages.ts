/** The IPC conversation between the orchestrator and a load-generator process. */
import type { AdapterKind } from './adapters.js'

export interface MemberSpec {
  room: string
  name: string
  localAddress: string
  /** The server process this member connects to. */
  base: string
}

export type Command =
  /** Members not started by `deadline` (epoch ms) count as failed: a room too slow to fill. */
  | {
      op: 'connect'
      adapter: AdapterKind
      members: MemberSpec[]
      concurrency: number
      deadline: number
      /** Join with `resume: true` and keep the token, epoch and last id (the storm scenario). */
      resume?: boolean
    }
  /** Open loop: `rate` messages/s spread evenly over `publishers` (indices into this worker's members). */
  | {
      op: 'publish'
      step: number
      durationMs: number
      rate: number
      publishers: number[]
      padding: number
    }
  /** From now on count deliveries of `step` (sent to every process before anyone publishes). */
  | { op: 'arm'; step: number }
  | { op: 'count' }
  | { op: 'collect' }
  | { op: 'stall'; members: number[] }
  | { op: 'resume'; members: number[]; waitMs: number }
  | { op: 'disconnect' }
  /**
   * The storm scenario (`storm.ts`): from now on a joined member whose connection closes comes
   * back by itself, `fast` ones (indices into this worker's members) every 100 ms, the others
   * on the web app's schedule; `publishers` send `rate` messages/s in all, tagged with the
   * phase, until phase 0. With `awaitRooms` (the memory store loses its rooms in a restart),
   * an attempt fails until `storm-up`, then waits for `storm-rooms` to name the room anew.
   */
  | {
      op: 'storm-arm'
      fast: number[]
      publishers: number[]
      rate: number
      awaitRooms: boolean
    }
  /** The new process answers (its rooms, on memory, are being made again). */
  | { op: 'storm-up' }
  /** Old room id → the room recreated in its place. */
  | { op: 'storm-rooms'; rooms: Record<string, string> }
  /** Messages sent from now on are tagged `phase` (1–4); 0 stops publishing. */
  | { op: 'storm-phase'; phase: number }
  | { op: 'storm-status' }
  /** Disarms the reconnects and returns what was measured. */
  | { op: 'storm-end' }

export interface ConnectResult {
  connected: number
  failed: number
  firstError: string | null
  /** Join times (connect → ready), µs, compressed HDR histogram. */
  joinHistogram: string
}

export interface PublishResult {
  sentByRoom: Record<string, number>
  /** How far the sender fell behind its schedule at worst, ms: the client's own saturation. */
  maxLagMs: number
}

export interface CountResult {
  received: number
}

export interface CollectResult {
  received: number
  /** Frames of an earlier step that arrived late (not counted). */
  stray: number
  /** Leave notices seen (Chatty tells the room when a member is dropped). */
  leaves: number
  /** Error frames: frames the server refused (e.g. too many in flight on one connection). */
  refused: number
  /** Latencies (send → receive), µs, compressed HDR histogram. */
  histogram: string
  /** Closes the bench did not ask for, by close code. */
  closes: Record<string, number>
  clientCpuSeconds: number
}

export interface ResumeResult {
  /** Close code seen by each resumed member (0: still open when the wait ended). */
  codes: number[]
}

export interface StormStatus {
  /** Members back after a close (bystanders: `fastBack`), and those still trying. */
  back: number
  fastBack: number
  waiting: number
  fastWaiting: number
  /** Epoch ms of the last member back (0: none yet), and of the last bystander. */
  lastBackAt: number
  lastFastBackAt: number
  /** Messages sent and deliveries received, by phase (index 0 unused). */
  sent: number[]
  received: number[]
}

export interface StormEnd extends StormStatus {
  /** Connection attempts made by the members that are not `fast`, and how many failed. */
  attempts: number
  failedAttempts: number
  /** Close codes of joined members' connections, by code. */
  closes: Record<string, number>
  /** Own close → joined again, µs, compressed HDR histograms. */
  rejoin: string
  fastRejoin: string
  /** Delivery latency by phase (index 0 unused), µs, compressed HDR histograms. */
  latencies: string[]
}

export type Reply = { id: number; error?: string; result?: unknown }
export type Request = Command & { id: number }
