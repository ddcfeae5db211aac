/** Rooms created the way any client does: `POST /api/rooms/` on the server under test. */

/** Creates one room; throws (failing the test or the bench run) unless the server answers 201. */
export async function createRoom(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/rooms/`, { method: 'POST' })
  if (res.status !== 201) throw new Error(`POST /api/rooms/ answered ${res.status}`)
  return ((await res.json()) as { room_id: string }).room_id
}

/** Creates `count` rooms, `concurrency` requests at a time. */
export async function createRooms(
  baseUrl: string,
  count: number,
  concurrency = 20,
): Promise<string[]> {
  const ids: string[] = []
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < count) {
      next++
      ids.push(await createRoom(baseUrl))
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane))
  return ids
}

/** `POST /api/rooms/` with a body; resolves with the status and the JSON answer. */
export async function postRoom(
  baseUrl: string,
  body: Record<string, unknown>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}/api/rooms/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/** Creates a room as its creator: its id and the creator token. */
export async function createHostedRoom(
  baseUrl: string,
  body: Record<string, unknown> = {},
): Promise<{ roomId: string; creatorToken: string }> {
  const { status, body: room } = await postRoom(baseUrl, body)
  if (status !== 201) throw new Error(`POST /api/rooms/ answered ${status}`)
  return { roomId: room.room_id as string, creatorToken: room.creator_token as string }
}
