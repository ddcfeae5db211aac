/**
 * Removes room ids from free text bound for a log: a URL path that carries one
 * (`/room/…`, `/ws/…`, `/api/rooms/…`) keeps its shape, the id becomes `~` and its tag,
 * and a query string after it becomes `?…`.
 * Library messages quote request URLs (Fastify's "Reply was already sent … /ws/…",
 * @fastify/websocket's path of a refused upgrade), and error stacks may too.
 */
import { roomTag } from './room-tag.js'

const ID_IN_PATH = /(\/(?:room|ws|api\/rooms)\/)([^/?#\s"'`]+)(\?[^\s"'`]*)?/g

export function redactText(text: string): string {
  return text.replace(
    ID_IN_PATH,
    (_all, prefix: string, id: string, query?: string) =>
      `${prefix}~${roomTag(id)}${query ? '?…' : ''}`,
  )
}

/** A request path for a log: no query string (it is the client's to fill), no room id. */
export function redactPath(path: string): string {
  const [bare = '', query] = path.split('?', 2)
  return redactText(bare) + (query === undefined ? '' : '?…')
}
