/**
 * One load-generator process: holds its share of the members, publishes on an open-loop
 * schedule and records every delivery's latency. Driven over IPC by `lib/load.ts`.
 */
import { ADAPTERS, type Adapter } from './adapters.js'
import { nowMicros, noteHandshake, noteId, resumeFields, type Member } from './member.js'
import type { Command, Request } from './messages.js'
import { RawWs } from './raw-ws.js'
import { StormClient } from './storm.js'
import { encode, newHistogram, record } from '../lib/histogram.js'

let adapter: Adapter = ADAPTERS.chatty
let members: Member[] = []
let step = -1
let received = 0
let stray = 0
let leaves = 0
let refused = 0
let latencies = newHistogram()
let closes: Record<string, number> = {}
const storm = new StormClient({
  members: () => members,
  join: (member, timeoutMs) => connectOne(member, null, timeoutMs),
  send: (member, payload) => member.ws?.send(adapter.encode(payload)),
})

const TILDE = 0x7e
const COLON = 0x3a
const LEAVE = Buffer.from('"event":"leave"')

/** Reads the decimal digits at `buf[at]`; returns the value, or -1 if there are none. */
function digits(buf: Buffer, at: number, end: number): number {
  let value = 0
  let i = at
  for (; i < end; i++) {
    const c = buf[i]! - 48
    if (c < 0 || c > 9) break
    value = value * 10 + c
  }
  return i === at ? -1 : value
}

/** A frame for a joined member: a chat delivery is `~step:micros` somewhere in it. */
function onFrame(member: Member, buf: Buffer, start: number, end: number): void {
  if (member.resume) noteId(member.resume, buf, start, end)
  const mark = buf.indexOf(TILDE, start)
  if (mark < 0 || mark >= end) {
    // Member lists grow with the room: look into long frames without making strings.
    if (end - start > 512) {
      const leave = buf.indexOf(LEAVE, start)
      if (leave >= 0 && leave < end) leaves++
      return
    }
    // Keepalives and notices are short: strings are fine here.
    const text = buf.toString('latin1', start, end)
    if (adapter.control(member.ws!, text)) return
    const notice = adapter.notice(text)
    if (notice === 'leave') leaves++
    else if (notice === 'refused') refused++
    return
  }
  const frameStep = digits(buf, mark + 1, end)
  const colon = buf.indexOf(COLON, mark)
  if (frameStep !== step) {
    if (!storm.deliver(frameStep, nowMicros() - digits(buf, colon + 1, end))) stray++
    return
  }
  received++
  record(latencies, nowMicros() - digits(buf, colon + 1, end))
}

/** Connects and joins the member; `joinTimes` (when given) records how long it took. */
function connectOne(
  member: Member,
  joinTimes: ReturnType<typeof newHistogram> | null,
  timeoutMs = 30_000,
): Promise<void> {
  const { room, name, localAddress, base } = member.spec
  const started = nowMicros()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`join timed out for ${name}`)), timeoutMs)
    const ws: RawWs = new RawWs(adapter.url(base, room, name), localAddress, {
      onOpen: () => adapter.open(ws, room, name, resumeFields(member.resume)),
      onText: (buf, start, end) => {
        if (member.ready) return onFrame(member, buf, start, end)
        const text = buf.toString('utf8', start, end)
        if (adapter.control(ws, text)) return
        if (member.resume) {
          // A refused join (`name_taken` while the name is still held…) stays open: give up.
          if (text.includes('"type":"error"')) {
            clearTimeout(timer)
            return reject(new Error(text))
          }
          noteHandshake(member.resume, text)
        }
        if (adapter.handshake(ws, text, room, name)) {
          member.ready = true
          clearTimeout(timer)
          if (joinTimes) record(joinTimes, nowMicros() - started)
          resolve()
        }
      },
      onError: (error) => {
        clearTimeout(timer)
        reject(error)
      },
      onClose: (code) => {
        member.closeCode = code
        clearTimeout(timer)
        // A joined member of an armed storm comes back by itself (`storm.ts`).
        if (member.ready && member.ws === ws && storm.lost(member, code)) return
        if (!member.leaving) closes[code] = (closes[code] ?? 0) + 1
        reject(new Error(`closed ${code} before joining`))
      },
    })
    member.ws = ws
  })
}

async function connect(cmd: Extract<Command, { op: 'connect' }>) {
  adapter = ADAPTERS[cmd.adapter]
  const joinTimes = newHistogram()
  const fresh: Member[] = cmd.members.map((spec) => ({
    spec,
    ws: null,
    ready: false,
    leaving: false,
    closeCode: 0,
    ...(cmd.resume && { resume: { lastId: 0 } }),
  }))
  members = fresh
  let next = 0
  let failed = 0
  let firstError: string | null = null
  const lane = async (): Promise<void> => {
    while (next < fresh.length) {
      if (Date.now() > cmd.deadline) {
        failed += fresh.length - next
        next = fresh.length
        firstError ??= 'the room did not fill before the join deadline'
        break
      }
      const member = fresh[next++]!
      try {
        await connectOne(member, joinTimes)
      } catch (error) {
        failed++
        firstError ??= (error as Error).message
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(cmd.concurrency, fresh.length) }, lane))
  return { connected: fresh.length - failed, failed, firstError, joinHistogram: encode(joinTimes) }
}

/** Sends message j at start + j/rate from publisher j mod n: an open loop that never waits for replies. */
function publish(cmd: Extract<Command, { op: 'publish' }>) {
  const total = Math.round((cmd.rate * cmd.durationMs) / 1000)
  const sentByRoom: Record<string, number> = {}
  const pad = cmd.padding > 0 ? 'x'.repeat(cmd.padding) : ''
  const start = nowMicros()
  const gapUs = 1e6 / cmd.rate
  let sent = 0
  let maxLagUs = 0
  return new Promise<{ sentByRoom: Record<string, number>; maxLagMs: number }>((resolve) => {
    const tick = (): void => {
      const now = nowMicros()
      while (sent < total) {
        const due = start + sent * gapUs
        if (due > now) break
        maxLagUs = Math.max(maxLagUs, now - due)
        const member = members[cmd.publishers[sent % cmd.publishers.length]!]!
        if (member.ws?.open) {
          member.ws.send(adapter.encode(`~${cmd.step}:${Math.round(due)}~${pad}`))
          sentByRoom[member.spec.room] = (sentByRoom[member.spec.room] ?? 0) + 1
        }
        sent++
      }
      if (sent < total) setTimeout(tick, 1)
      else resolve({ sentByRoom, maxLagMs: maxLagUs / 1000 })
    }
    tick()
  })
}

function collect() {
  const result = {
    received,
    stray,
    leaves,
    refused,
    histogram: encode(latencies),
    closes,
    clientCpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  }
  latencies.destroy()
  latencies = newHistogram()
  received = 0
  stray = 0
  leaves = 0
  refused = 0
  closes = {}
  step = -1
  return result
}

async function resume(cmd: Extract<Command, { op: 'resume' }>) {
  const chosen = cmd.members.map((i) => members[i]!)
  for (const member of chosen) member.ws?.resume()
  const deadline = Date.now() + cmd.waitMs
  while (Date.now() < deadline && chosen.some((m) => m.ws && !m.ws.closed)) {
    await new Promise((r) => setTimeout(r, 50))
  }
  return { codes: chosen.map((m) => m.closeCode) }
}

async function disconnect() {
  for (const member of members) {
    member.leaving = true
    member.ws?.terminate()
  }
  members = []
  return {}
}

async function run(cmd: Command): Promise<unknown> {
  switch (cmd.op) {
    case 'connect':
      return connect(cmd)
    case 'publish':
      return publish(cmd)
    case 'arm':
      step = cmd.step
      return {}
    case 'count':
      return { received }
    case 'collect':
      return collect()
    case 'stall':
      for (const i of cmd.members) members[i]?.ws?.pause()
      return {}
    case 'resume':
      return resume(cmd)
    case 'disconnect':
      return disconnect()
    case 'storm-arm':
      storm.arm(cmd.fast, cmd.publishers, cmd.rate, cmd.awaitRooms)
      return {}
    case 'storm-up':
      storm.serverUp()
      return {}
    case 'storm-rooms':
      storm.setRooms(cmd.rooms)
      return {}
    case 'storm-phase':
      storm.setPhase(cmd.phase)
      return {}
    case 'storm-status':
      return storm.current()
    case 'storm-end':
      return storm.end()
  }
}

process.on('message', (request: Request) => {
  run(request).then(
    (result) => process.send?.({ id: request.id, result }),
    (error: Error) => process.send?.({ id: request.id, error: error.stack ?? error.message }),
  )
})
process.on('disconnect', () => process.exit(0))
