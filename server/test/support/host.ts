/** Joining as the host, a guest with a browser token, or a join the server must refuse. */
import { randomBytes } from 'node:crypto'
import type { ErrorFrame, HistoryFrame, JoinedFrame, ServerFrame } from '../../../protocol/index.js'
import { TestClient } from './ws-client.js'

const isJoined = (f: ServerFrame): f is JoinedFrame => f.type === 'joined'
const isError = (f: ServerFrame): f is ErrorFrame => f.type === 'error'

export interface JoinOptions {
  creator_token?: string
  browser_token?: string
  last_id?: number
  resume?: boolean
  resume_token?: string
  password?: string
  password_check?: string
  invitation?: string
}

/** Connects and joins with the given tokens; resolves once joined. */
export async function joinAs(url: string, name: string, opts: JoinOptions = {}) {
  const client = await TestClient.connect(url)
  client.send({ type: 'join', sender: name, avatar: '', ...opts })
  const joined = await client.next(isJoined)
  await client.next((f): f is HistoryFrame => f.type === 'history')
  return { client, joined }
}

/** Connects and sends a join that the server must refuse: the error frame and the close. */
export async function refusedJoin(url: string, name: string, opts: JoinOptions = {}) {
  const client = await TestClient.connect(url)
  client.send({ type: 'join', sender: name, avatar: '', ...opts })
  const error = await client.next(isError)
  return { error, close: await client.closed }
}

export const browserToken = (): string => randomBytes(16).toString('base64url')
