/** Rooms for a run: created with `POST /api/rooms/` on the server under test, like any client. */
import type { RoomMembers } from './load.js'

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
      const response = await fetch(`${baseUrl}/api/rooms/`, { method: 'POST' })
      if (response.status !== 201) throw new Error(`POST /api/rooms/ answered ${response.status}`)
      ids.push(((await response.json()) as { room_id: string }).room_id)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane))
  return ids
}

/** `size` members per room, named m0…; names are unique per room as Chatty requires. */
export function populate(rooms: string[], size: number): RoomMembers[] {
  return rooms.map((room) => ({ room, names: Array.from({ length: size }, (_, i) => `m${i}`) }))
}
