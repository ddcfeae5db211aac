/** Sizes and durations of a run: the full suite, or `--quick` for a smoke run under two minutes. */
export interface Settings {
  quick: boolean
  clientProcesses: number
  fanoutSizes: number[]
  fanoutPublishers: number
  /** Deliveries per second of the first ramp step. */
  startDeliveries: number
  stepFactor: number
  maxSteps: number
  stepMs: number
  drainMs: number
  fractions: number[]
  manyRooms: number
  manyRoomsMs: number
  connections: number
  autocannonSeconds: number
  slowRoomSize: number
  slowMs: number
  /** Messages/s into the slow-consumer room: enough to fill a stalled member's buffers in the step. */
  slowRate: number
}

export function settingsFor(quick: boolean, fdLimit: number): Settings {
  // The server needs a descriptor per connection plus a few of its own.
  const maxConnections = Math.floor((fdLimit - 200) / 10) * 10
  const connectionsWanted = quick ? 2000 : 20_000
  return {
    quick,
    clientProcesses: quick ? 2 : 4,
    fanoutSizes: quick ? [10, 100] : [10, 100, 1000, 5000],
    fanoutPublishers: 10,
    startDeliveries: quick ? 25_000 : 25_000,
    stepFactor: quick ? 2.5 : 1.6,
    maxSteps: quick ? 4 : 10,
    stepMs: quick ? 1000 : 2500,
    drainMs: quick ? 1500 : 3000,
    fractions: quick ? [0.5] : [0.25, 0.5, 0.75],
    manyRooms: quick ? 100 : 1000,
    manyRoomsMs: quick ? 5000 : 20_000,
    connections: Math.min(connectionsWanted, maxConnections),
    autocannonSeconds: quick ? 2 : 5,
    slowRoomSize: quick ? 40 : 100,
    slowMs: quick ? 4000 : 10_000,
    slowRate: quick ? 600 : 400,
  }
}
