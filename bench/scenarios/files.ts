/**
 * Scenario 7, files: `settings.files` files of `settings.fileBytes` (4 MB: 64 chunks of
 * 64 KiB) go up, then each comes down `settings.fileDownloads` times (as each member of a room
 * fetches it), `settings.fileLanes` transfers at a time over keep-alive HTTP, from the client
 * core. Each phase gives its throughput (MB/s) and the server's CPU seconds per MB.
 *
 * On Chatty a file goes up as the web app sends it in a plain room: `upload` on the chat
 * socket (→ `upload_ready`), one `PUT …/chunks/{i}` per chunk with the upload token, then the
 * message that carries the file (its echo ends the upload). A member may start 10 uploads at
 * once, then one every 2 s, so each member (one per room, on its own source address) sends at
 * most 10 files. The bare Fastify peer (`bench/peers/fastify-files.ts`) takes the same chunk
 * PUTs and downloads with no room, token or check. One file goes up and down first, unmeasured,
 * to warm both sides up.
 */
import { randomBytes } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { ChattyMember, Http } from '../client/file-transfer.js'
import { cpuOf, cpuSeconds, rssBytes } from '../lib/proc-stats.js'
import { fileServers, type ServerHandle } from '../lib/servers.js'
import { createRooms } from '../../testkit/rooms.js'
import { withServers, type Context, type Scenario } from './context.js'

/** Uploads a Chatty member may start at once (`UPLOAD_BURST`, `server/src/rooms/member.ts`). */
const UPLOADS_PER_MEMBER = 10
/** What the chunk routes take: 64 KiB of content per chunk (`FILE_CHUNK_BYTES`). */
const CHUNK_BYTES = 64 * 1024
/** The loopback addresses the load comes from, as in the other scenarios. */
const SOURCE_ADDRESSES = 16
const MB = 2 ** 20

/** Out of the way for this scenario only: a file, a room's files, the memory store's budget. */
const CHATTY_FILES_ENV = {
  CHATTY_MAX_FILE_BYTES: String(64 * MB),
  CHATTY_MAX_ROOM_FILE_BYTES: String(1024 * MB),
  CHATTY_MEMORY_BUDGET_MB: '4096',
}

export interface FilesPhase {
  files: number
  bytes: number
  seconds: number
  mbPerSec: number
  serverCpuSeconds: number
  serverCpuSecPerMb: number
  /** Redis CPU seconds per MB (null on the memory store). */
  redisCpuSecPerMb: number | null
  /** The load generator's (this process's) CPU over the phase, as a share of one core. */
  clientCpuShare: number
}

export interface FilesResult {
  files: number
  fileBytes: number
  lanes: number
  /** Times each file is downloaded. */
  downloads: number
  /** Rooms (and members, one per room on Chatty). */
  rooms: number
  upload: FilesPhase
  download: FilesPhase
  /** The server's RSS once every file is up. */
  rssAfterUploadBytes: number
}

/** Where file `i` goes: a room, and the source address (and, on Chatty, the member) it comes from. */
interface Place {
  room: string
  address: string
  member?: ChattyMember
}

export const filesScenario: Scenario = {
  kinds: fileServers,
  async run(kind, ctx, problems) {
    try {
      return await withServers(ctx, kind, 1, CHATTY_FILES_ENV, ([server]) =>
        transferFiles(server!, ctx),
      )
    } catch (error) {
      const message = `files on ${kind}/${ctx.store}: ${(error as Error).message}`
      // A baseline from before files has none to measure: said, but not a broken harness.
      if (kind === 'baseline') console.warn(`    ${message}`)
      else problems.push(message)
      return undefined
    }
  },
}

async function transferFiles(server: ServerHandle, ctx: Context): Promise<FilesResult> {
  const { files, fileBytes, fileLanes: lanes, fileDownloads } = ctx.settings
  const chatty = server.kind !== 'fastify'
  // File 0 is the warm-up; file j goes to place j % rooms, which sends at most 10 files.
  const roomCount = Math.ceil((files + 1) / UPLOADS_PER_MEMBER)
  const rooms = chatty
    ? await createRooms(server.baseUrl, roomCount)
    : Array.from({ length: roomCount }, () => randomBytes(16).toString('base64url'))
  const places: Place[] = rooms.map((room, i) => ({
    room,
    address: `127.0.0.${1 + (i % SOURCE_ADDRESSES)}`,
  }))
  const http = new Http(server.baseUrl)
  try {
    if (chatty) {
      for (const [i, place] of places.entries()) {
        place.member = await ChattyMember.join(server.baseUrl, place.room, `f${i}`, place.address)
      }
    }
    const content = randomBytes(fileBytes)
    const blobs: string[] = []
    const up = async (j: number) => {
      const place = places[j % places.length]!
      blobs[j] = await uploadFile(http, place, content)
      return content.length
    }
    const down = (j: number) => downloadFile(http, places[j % places.length]!, blobs[j]!, fileBytes)
    await up(0)
    await down(0)
    const upload = await phase(server, ctx, lanes, files, (i) => up(i + 1))
    const rssAfterUploadBytes = rssBytes(server.pid)
    // Each file in turn, then each again: no file is fetched twice at once.
    const download = await phase(server, ctx, lanes, files * fileDownloads, (i) =>
      down((i % files) + 1),
    )
    const result = { files, fileBytes, lanes, downloads: fileDownloads, rooms: roomCount }
    console.log(
      `    up ${upload.mbPerSec} MB/s (${ms(upload.serverCpuSecPerMb)} CPU ms/MB), ` +
        `down ${download.mbPerSec} MB/s (${ms(download.serverCpuSecPerMb)} CPU ms/MB); ` +
        `client core ${pct(upload.clientCpuShare)} / ${pct(download.clientCpuShare)}`,
    )
    return { ...result, upload, download, rssAfterUploadBytes }
  } finally {
    for (const place of places) place.member?.close()
    http.close()
  }
}

/** Sends one file (Chatty: asked for, chunks, message); resolves with its blob id. */
async function uploadFile(http: Http, place: Place, content: Buffer): Promise<string> {
  const { member } = place
  let blob = randomBytes(16).toString('base64url')
  let chunkBytes = CHUNK_BYTES
  let headers: Record<string, string> = { 'content-type': 'application/octet-stream' }
  if (member) {
    const ready = await member.ask({ type: 'upload', size: content.length })
    if (ready.type !== 'upload_ready') throw new Error(`upload refused: ${JSON.stringify(ready)}`)
    blob = ready.blob as string
    chunkBytes = ready.chunk_bytes as number
    headers = { ...headers, authorization: `Bearer ${ready.token as string}` }
  }
  const chunks = Math.ceil(content.length / chunkBytes)
  for (let i = 0; i < chunks; i++) {
    const body = content.subarray(i * chunkBytes, (i + 1) * chunkBytes)
    const path = `/api/rooms/${place.room}/files/${blob}/chunks/${i}`
    const answer = await http.send('PUT', path, place.address, headers, body)
    if (answer.status !== 204) throw new Error(`chunk ${i}: ${answer.status} ${answer.text}`)
  }
  if (member) {
    const file = { blob, name: 'bench.bin', type: 'application/octet-stream', size: content.length }
    const sent = await member.ask({ type: 'message', content: '', file })
    if (sent.type !== 'message') throw new Error(`file message refused: ${JSON.stringify(sent)}`)
  }
  return blob
}

/** Downloads one file whole; resolves with its size once every byte is in. */
async function downloadFile(http: Http, place: Place, blob: string, size: number) {
  const answer = await http.send('GET', `/api/rooms/${place.room}/files/${blob}`, place.address)
  if (answer.status !== 200 || answer.bytes !== size) {
    throw new Error(`download: ${answer.status}, ${answer.bytes} of ${size} bytes ${answer.text}`)
  }
  return size
}

/** Runs `count` transfers, `lanes` at a time, and measures them. */
async function phase(
  server: ServerHandle,
  ctx: Context,
  lanes: number,
  count: number,
  transfer: (i: number) => Promise<number>,
): Promise<FilesPhase> {
  const cpu0 = cpuSeconds(server.pid)
  const redis0 = cpuOf(ctx.redisPids)
  const client0 = process.cpuUsage()
  const t0 = performance.now()
  let next = 0
  let bytes = 0
  const lane = async (): Promise<void> => {
    while (next < count) {
      const moved = await transfer(next++)
      bytes += moved
    }
  }
  await Promise.all(Array.from({ length: Math.min(lanes, count) }, lane))
  const seconds = (performance.now() - t0) / 1000
  const client = process.cpuUsage(client0)
  const serverCpuSeconds = cpuSeconds(server.pid) - cpu0
  const megabytes = bytes / MB
  return {
    files: count,
    bytes,
    seconds: round(seconds, 3),
    mbPerSec: round(megabytes / seconds, 1),
    serverCpuSeconds: round(serverCpuSeconds, 3),
    serverCpuSecPerMb: round(serverCpuSeconds / megabytes, 6),
    redisCpuSecPerMb:
      ctx.redisPids.length > 0 ? round((cpuOf(ctx.redisPids) - redis0) / megabytes, 6) : null,
    clientCpuShare: round((client.user + client.system) / 1e6 / seconds, 3),
  }
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits))
const ms = (seconds: number): string => (seconds * 1000).toFixed(2)
const pct = (share: number): string => `${Math.round(share * 100)} %`
