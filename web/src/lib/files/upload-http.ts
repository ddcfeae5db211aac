/**
 * The HTTP side of an upload (`protocol/files.ts`): chunks PUT a few at a time, the list of
 * missing ones after a dropped connection, and the cancel. Each call takes the upload's
 * bearer token; nothing here knows whether the bytes are encrypted.
 */

/** Where a blob's chunks go, and the token that allows it. */
export interface UploadTarget {
  roomId: string
  blob: string
  token: string
}

/** The server answered, and said no (its JSON error's message, its status and code). */
export class UploadHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message)
  }
}

/** The request did not reach the server or its answer did not come back. */
export class UploadNetworkError extends Error {}

export type Fetch = typeof fetch

const blobPath = (t: UploadTarget) =>
  `/api/rooms/${encodeURIComponent(t.roomId)}/files/${encodeURIComponent(t.blob)}`

async function request(fetchImpl: Fetch, url: string, init: RequestInit): Promise<Response> {
  let response: Response
  try {
    response = await fetchImpl(url, init)
  } catch (err) {
    if (init.signal?.aborted) throw err
    throw new UploadNetworkError('The connection was lost during the upload.')
  }
  // 409: the chunk or blob is already complete, which is what was asked for.
  if (response.ok || response.status === 409) return response
  let body: { message?: unknown; code?: unknown } = {}
  try {
    body = (await response.json()) as typeof body
  } catch {
    // No JSON (a proxy's page): the status says enough.
  }
  // A gateway's answer means the server is not there right now: like a lost connection.
  if (response.status >= 502 && response.status <= 504) {
    throw new UploadNetworkError('The server did not answer the upload.')
  }
  const message = typeof body.message === 'string' ? body.message : `HTTP ${response.status}`
  throw new UploadHttpError(
    response.status,
    message,
    typeof body.code === 'string' ? body.code : undefined,
  )
}

const auth = (t: UploadTarget) => ({ Authorization: `Bearer ${t.token}` })

export async function putChunk(
  fetchImpl: Fetch,
  target: UploadTarget,
  index: number,
  body: Uint8Array,
  signal?: AbortSignal,
): Promise<void> {
  await request(fetchImpl, `${blobPath(target)}/chunks/${index}`, {
    method: 'PUT',
    headers: { ...auth(target), 'Content-Type': 'application/octet-stream' },
    body: body as Uint8Array<ArrayBuffer>,
    signal,
  })
}

/** The chunks the server does not have yet. */
export async function missingChunks(
  fetchImpl: Fetch,
  target: UploadTarget,
  signal?: AbortSignal,
): Promise<number[]> {
  const response = await request(fetchImpl, `${blobPath(target)}/chunks`, {
    headers: auth(target),
    signal,
  })
  if (response.status === 409) return []
  const body = (await response.json()) as { missing?: unknown }
  if (!Array.isArray(body.missing) || !body.missing.every((i) => Number.isInteger(i))) {
    throw new UploadHttpError(response.status, 'The server gave an unreadable list of chunks.')
  }
  return body.missing as number[]
}

/** Cancels an upload: the server forgets the blob. Best effort: a failure is not an error. */
export async function deleteUpload(fetchImpl: Fetch, target: UploadTarget): Promise<void> {
  try {
    await request(fetchImpl, blobPath(target), { method: 'DELETE', headers: auth(target) })
  } catch {
    // The blob goes with the room in any case.
  }
}
