/**
 * The process's metrics in Prometheus's format (prom-client): Node's own (memory, event-loop
 * lag, GC) and Chatty's. Aggregates only: the labels are frame types, error codes and close
 * codes, never a room, a name or an address.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { RoomObserver } from '../rooms/observer.js'

/** What the metrics read when scraped: the rooms here, and the store's state. */
export interface MetricsSources {
  rooms(): { rooms: number; members: number }
  store(): { available: boolean; full: boolean; budget?: { used: number; limit: number } }
}

export interface Metrics {
  registry: Registry
  observer: RoomObserver
}

export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const on = { registers: [registry] }

  const connections = new Gauge({
    name: 'chatty_connections',
    help: 'Open chat WebSocket connections on this process',
    ...on,
  })
  const closes = new Counter({
    name: 'chatty_connections_closed_total',
    help: 'Chat connections closed, by close code',
    labelNames: ['code'],
    ...on,
  })
  const framesIn = new Counter({
    name: 'chatty_frames_in_total',
    help: 'Valid client frames received, by type (message: chat messages in)',
    labelNames: ['type'],
    ...on,
  })
  const errors = new Counter({
    name: 'chatty_error_frames_total',
    help: 'Error frames sent, by error code',
    labelNames: ['code'],
    ...on,
  })
  const deliveries = new Counter({
    name: 'chatty_deliveries_total',
    help: 'Room events handed to members here (one per recipient): messages and notices out',
    ...on,
  })
  const storeLatency = new Histogram({
    name: 'chatty_store_append_seconds',
    help: 'Time to store and publish one chat message',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    ...on,
  })
  new Gauge({
    name: 'chatty_rooms',
    help: 'Rooms with members on this process',
    collect() {
      this.set(sources.rooms().rooms)
    },
    ...on,
  })
  new Gauge({
    name: 'chatty_members',
    help: 'Members connected to this process',
    collect() {
      this.set(sources.rooms().members)
    },
    ...on,
  })
  new Gauge({
    name: 'chatty_store_available',
    help: '1 when the store answers (Redis reachable; always 1 in memory)',
    collect() {
      this.set(sources.store().available ? 1 : 0)
    },
    ...on,
  })
  new Gauge({
    name: 'chatty_store_full',
    help: '1 when the store refuses writes for lack of memory (store_full)',
    collect() {
      this.set(sources.store().full ? 1 : 0)
    },
    ...on,
  })
  new Gauge({
    name: 'chatty_memory_budget_used_bytes',
    help: 'In-memory store: bytes of the histories budget in use (absent on Redis)',
    collect() {
      const budget = sources.store().budget
      if (budget) this.set(budget.used)
    },
    ...on,
  })
  new Gauge({
    name: 'chatty_memory_budget_bytes',
    help: 'In-memory store: the histories budget (CHATTY_MEMORY_BUDGET_MB)',
    collect() {
      const budget = sources.store().budget
      if (budget) this.set(budget.limit)
    },
    ...on,
  })

  const observer: RoomObserver = {
    connectionOpened: () => connections.inc(),
    connectionClosed: (code) => {
      connections.dec()
      closes.inc({ code: String(code) })
    },
    frameIn: (type) => framesIn.inc({ type }),
    errorFrame: (code) => errors.inc({ code }),
    delivered: () => deliveries.inc(),
    stored: (seconds) => storeLatency.observe(seconds),
  }
  return { registry, observer }
}
