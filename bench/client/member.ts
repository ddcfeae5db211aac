/** A member the load generator holds, and the clock its latencies are measured with. */
import type { MemberSpec } from './messages.js'
import type { RawWs } from './raw-ws.js'

/** What a quiet reconnect presents (`resume_token`, `last_id`, `epoch`: docs/protocol.md). */
export interface ResumeState {
  token?: string
  epoch?: string
  /** The last message or notice id seen. */
  lastId: number
}

export interface Member {
  spec: MemberSpec
  ws: RawWs | null
  ready: boolean
  /** The bench closed it on purpose (disconnect), so the close is not a failure. */
  leaving: boolean
  closeCode: number
  /** Joined with `resume: true` (the storm scenario): what it presents when it comes back. */
  resume?: ResumeState
}

export const nowMicros = (): number => {
  const [s, ns] = process.hrtime()
  return s * 1e6 + ns / 1e3
}

const ID_KEY = Buffer.from('"id":')

/** Notes a frame's `"id":N` (messages and notices) as the last one seen. */
export function noteId(resume: ResumeState, buf: Buffer, start: number, end: number): void {
  const at = buf.indexOf(ID_KEY, start)
  if (at < 0 || at >= end) return
  let value = 0
  let i = at + ID_KEY.length
  for (; i < end; i++) {
    const c = buf[i]! - 48
    if (c < 0 || c > 9) break
    value = value * 10 + c
  }
  if (i > at + ID_KEY.length && value > resume.lastId) resume.lastId = value
}

/** Notes the token and epoch of `joined`, and the last id of `history`. */
export function noteHandshake(resume: ResumeState, text: string): void {
  if (text.includes('"type":"joined"')) {
    const joined = JSON.parse(text) as { resume_token?: string; epoch?: string }
    resume.token = joined.resume_token
    resume.epoch = joined.epoch
  } else if (text.includes('"type":"history"')) {
    const history = JSON.parse(text) as { messages: { id?: number }[] }
    const last = history.messages.at(-1)?.id
    if (last !== undefined && last > resume.lastId) resume.lastId = last
  }
}

/** The join's extra fields: ask for a token, and present the one held (with where it was). */
export function resumeFields(resume: ResumeState | undefined): Record<string, unknown> | undefined {
  if (!resume) return undefined
  if (!resume.token) return { resume: true }
  return {
    resume: true,
    resume_token: resume.token,
    last_id: resume.lastId,
    ...(resume.epoch !== undefined && { epoch: resume.epoch }),
  }
}
