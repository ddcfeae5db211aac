/**
 * A member of the room as a browser tab would be one, across its connections: it joins
 * asking for a resume token, and after a drop it comes back through nginx with the last id
 * it saw, the room's epoch and its token (docs/protocol.md, "Quiet reconnects"). What it
 * saw is the concatenation of what its connections received, so "nothing lost or doubled"
 * is a property of one list.
 */
import { expect } from 'vitest'
import type {
  ErrorFrame,
  JoinedFrame,
  MessageFrame,
  StoredFrame,
  UsersFrame,
} from '../../protocol/index.js'
import { TestClient } from '../../server/test/support/ws-client.js'

const JOIN_MS = 10_000

export class Member {
  readonly connections: TestClient[] = []
  joined!: JoinedFrame
  /** client_ids this member sent, in order. */
  readonly sent: string[] = []

  constructor(
    readonly name: string,
    /** ws://…/ws/<room> on nginx. */
    private readonly url: string,
    /** Whether it asks for a resume token (a member that never comes back does not). */
    private readonly resumes = true,
  ) {}

  get client(): TestClient {
    return this.connections.at(-1)!
  }

  /** The first join, pinned to server process `pin` (1-based) by nginx's test cookie. */
  async join(pin: number): Promise<void> {
    const client = await TestClient.connect(this.url, { cookie: `chatty_upstream=${pin}` })
    this.connections.push(client)
    this.joined = (await client.join(this.name, this.resumes ? { resume: true } : {})).joined
  }

  /** Comes back through nginx (no pin: wherever it sends us) after the connection dropped. */
  async resume(): Promise<void> {
    const before = this.joined
    const client = await TestClient.connect(this.url)
    this.connections.push(client)
    client.send({
      type: 'join',
      sender: this.name,
      avatar: '',
      last_id: this.lastId(),
      epoch: before.epoch,
      resume_token: before.resume_token,
    })
    const reply = await client.next((f) => f.type === 'joined' || f.type === 'error', JOIN_MS)
    expect(reply, `${this.name} resumes`).toMatchObject({ type: 'joined', name: this.name })
    this.joined = reply as JoinedFrame
    expect(this.joined).toMatchObject({ epoch: before.epoch, recovered: true })
    expect(this.joined.resume_token).not.toBe(before.resume_token)
    await client.next((f) => f.type === 'history', JOIN_MS)
  }

  say(clientId: string): void {
    this.sent.push(clientId)
    this.client.say(`${this.name}: ${clientId}`, { client_id: clientId })
  }

  /** Resolves with the answer to `clientId`: its echo, or an error frame naming it. */
  answer(clientId: string, timeoutMs = JOIN_MS): Promise<MessageFrame | ErrorFrame> {
    return this.client.seen(
      (f) => (f.type === 'message' || f.type === 'error') && f.client_id === clientId,
      timeoutMs,
    ) as Promise<MessageFrame | ErrorFrame>
  }

  /** client_ids it sent that got neither their echo nor an error frame (yet). */
  unanswered(): string[] {
    const answered = new Set(
      this.connections.flatMap((c) =>
        c.frames.flatMap(
          (f) => ((f.type === 'message' || f.type === 'error') && f.client_id) || [],
        ),
      ),
    )
    return this.sent.filter((id) => !answered.has(id))
  }

  /** Every stored frame (messages and notices) it received, over all its connections. */
  stored(): StoredFrame[] {
    return this.connections.flatMap((c) => c.stored())
  }

  ids(): number[] {
    return this.stored().map((f) => f.id)
  }

  lastId(): number {
    return Math.max(0, ...this.ids())
  }

  messages(): MessageFrame[] {
    return this.stored().filter((f): f is MessageFrame => f.type === 'message')
  }

  /** Notices of `event` ('join', 'leave'…) it received. */
  notices(event: string): string[] {
    return this.stored().flatMap((f) => (f.type === 'system' && f.event === event ? [f.name] : []))
  }

  /** client_ids the server answered with an error frame, with the code. */
  errors(): string[] {
    return this.connections.flatMap((c) =>
      c.frames.flatMap((f) => (f.type === 'error' ? [`${f.code}:${f.client_id ?? ''}`] : [])),
    )
  }

  /** The names in the last member list it got. */
  users(): string[] {
    const lists = this.connections.flatMap((c) =>
      c.frames.filter((f): f is UsersFrame => f.type === 'users'),
    )
    return (lists.at(-1)?.content ?? []).map((u) => u.name).sort()
  }

  close(): void {
    for (const c of this.connections) c.close()
  }
}

/**
 * What is wrong with what `members` saw, as a list of sentences (empty: they agree): every
 * message sent was answered (stored or refused), each member holds every stored frame any
 * of them holds, once, in id order, and none holds a message its sender was told was not
 * sent (`unsent`, by client_id).
 */
export function disagreements(members: Member[], unsent: string[] = []): string[] {
  const all = [...new Set(members.flatMap((m) => m.ids()))].sort((a, b) => a - b)
  const problems: string[] = []
  for (const member of members) {
    const unanswered = member.unanswered()
    if (unanswered.length > 0) problems.push(`${member.name}: no answer to [${unanswered}]`)
    const ids = member.ids()
    if (ids.join() !== all.join()) {
      const doubled = ids.filter((id, i) => ids.indexOf(id) !== i)
      const missing = all.filter((id) => !ids.includes(id))
      problems.push(`${member.name}: doubled [${doubled}], missing [${missing}], order ${ids}`)
    }
    const stored = member.messages().filter((m) => unsent.includes(m.client_id ?? ''))
    if (stored.length > 0) problems.push(`${member.name} got unsent ${stored.map((m) => m.id)}`)
  }
  return problems
}
