/** Who joins which room in a run (the rooms themselves come from the kit's `createRooms`). */
import type { RoomMembers } from './load.js'

/** `size` members per room, named m0…; names are unique per room as Chatty requires. */
export function populate(rooms: string[], size: number): RoomMembers[] {
  return rooms.map((room) => ({ room, names: Array.from({ length: size }, (_, i) => `m${i}`) }))
}
