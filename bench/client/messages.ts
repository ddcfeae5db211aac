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

export type Reply = { id: number; error?: string; result?: unknown }
export type Request = Command & { id: number }
