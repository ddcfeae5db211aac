/** Sizes and durations of a run: the full suite, or `--quick` for a smoke run under two minutes. */
export interface Settings {
  quick: boolean
  /** Scenarios also run on Redis (the quick run keeps Redis to the paths Redis changes). */
  redisScenarios: string[]
  clientProcesses: number
  fanoutSizes: number[]
  /** Fan-out sizes also run on Redis. */
  redisFanoutSizes: number[]
  /** Process counts of fan-out on Redis: 2 = two processes sharing the room (Chatty and Socket.IO). */
  fanoutProcesses: number[]
  fanoutPublishers: number
  /** Deliveries per second of the first ramp step. */
  startDeliveries: number
  stepFactor: number
  /** A fan-out room not full after this long is reported as such, not measured. */
  joinDeadlineMs: number
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
  /** Soak: how long the members are held, each loss-checked window, and the sampling period. */
  soakMs: number
  soakWindowMs: number
  soakSampleMs: number
  /**
   * Files: how many files go up, each `fileBytes` long, `fileLanes` at a time; then each comes
   * down `fileDownloads` times (as each member of a room fetches it).
   */
  files: number
  fileBytes: number
  fileLanes: number
  fileDownloads: number
  /**
   * Storm: idle members in rooms of 10 that all reconnect after a restart (10,000, or what the
   * file limit allows), the bystander room's messages/s, how long it chats before the restart
   * and after the last member is back, and how long the members have to come back.
   */
  stormMembers: number
  stormRate: number
  stormBeforeMs: number
  stormAfterMs: number
  stormDeadlineMs: number
}

export function settingsFor(quick: boolean, fdLimit: number): Settings {
  // The server needs a descriptor per connection plus a few of its own.
  const maxConnections = Math.floor((fdLimit - 200) / 10) * 10
  const connectionsWanted = quick ? 1000 : 20_000
  /** The bystander room's 10 come on top of the storm's members. */
  const stormWanted = quick ? 300 : 10_000
  return {
    quick,
    redisScenarios: quick
      ? ['fanout', 'rooms', 'files', 'storm']
      : ['fanout', 'rooms', 'connections', 'create', 'slow', 'files', 'storm'],
    clientProcesses: quick ? 2 : 4,
    fanoutSizes: quick ? [100] : [10, 100, 1000, 5000],
    redisFanoutSizes: quick ? [100] : [100, 1000],
    fanoutProcesses: quick ? [1] : [1, 2],
    fanoutPublishers: 10,
    startDeliveries: quick ? 25_000 : 50_000,
    joinDeadlineMs: quick ? 30_000 : 60_000,
    stepFactor: quick ? 3 : 1.8,
    maxSteps: quick ? 3 : 8,
    stepMs: quick ? 800 : 1500,
    drainMs: quick ? 1000 : 2500,
    fractions: quick ? [0.5] : [0.25, 0.5, 0.75],
    manyRooms: quick ? 100 : 1000,
    manyRoomsMs: quick ? 2500 : 15_000,
    connections: Math.min(connectionsWanted, maxConnections),
    autocannonSeconds: quick ? 1 : 5,
    slowRoomSize: quick ? 40 : 100,
    slowMs: quick ? 3000 : 8000,
    slowRate: quick ? 600 : 400,
    soakMs: quick ? 10_000 : 600_000,
    soakWindowMs: quick ? 2500 : 30_000,
    soakSampleMs: quick ? 1000 : 5000,
    files: quick ? 8 : 64,
    fileBytes: 4 * 2 ** 20,
    fileLanes: 4,
    fileDownloads: quick ? 2 : 4,
    stormMembers: Math.min(stormWanted, maxConnections - 10),
    stormRate: 50,
    stormBeforeMs: quick ? 1000 : 5000,
    stormAfterMs: quick ? 500 : 3000,
    stormDeadlineMs: quick ? 15_000 : 120_000,
  }
}
