/** Lookups and ratio rows shared by the report's tables. */
import { SERVER_LABELS, type ServerKind } from '../lib/servers.js'
import type { RunResults } from '../scenarios/index.js'
import { ratio } from './format.js'

/** The chat scenarios' peers (the files scenario has its own, `fastify`). */
const PEERS: ServerKind[] = ['ws', 'socketio']

export function get<T>(
  results: RunResults,
  scenario: keyof RunResults['scenarios'],
  kind: ServerKind,
  store: string,
) {
  return results.scenarios[scenario]?.[`${kind}/${store}`] as T | undefined
}

export function ratioRows(
  cells: (kind: ServerKind) => (number | undefined)[],
  lead: string,
  peers: ServerKind[] = PEERS,
): string[][] {
  const chatty = cells('chatty')
  return peers.map((peer) => {
    const other = cells(peer)
    return [lead, `Chatty/${SERVER_LABELS[peer]}`, ...chatty.map((c, i) => ratio(c, other[i]))]
  })
}
