/** The scenarios `run.ts` knows. */
import type { Settings } from '../lib/settings.js'
import { connectionsScenario } from './connections.js'
import type { Scenario } from './context.js'
import { fanoutScenario } from './fanout-scenario.js'
import { filesScenario } from './files.js'
import { manyRoomsScenario } from './many-rooms.js'
import { roomCreationScenario } from './room-creation.js'
import { slowConsumersScenario } from './slow-consumers.js'
import { soakScenario } from './soak.js'
import { stormScenario } from './storm.js'

export type { Context, Scenario, Store } from './context.js'

export const SCENARIOS = {
  fanout: fanoutScenario,
  rooms: manyRoomsScenario,
  connections: connectionsScenario,
  create: roomCreationScenario,
  slow: slowConsumersScenario,
  soak: soakScenario,
  files: filesScenario,
  storm: stormScenario,
} satisfies Record<string, Scenario>

export type ScenarioName = keyof typeof SCENARIOS

export interface RunResults {
  startedAt: string
  finishedAt?: string
  quick: boolean
  settings: Settings
  machine: Record<string, string | number>
  /** scenario → "server/store" → that scenario's result. */
  scenarios: Partial<Record<ScenarioName, Record<string, unknown>>>
  problems: string[]
}
