/** What a scenario gets from the run, and the servers it starts. */
import type { LoadGenerator } from '../lib/load.js'
import type { ServerHandle, ServerKind } from '../lib/servers.js'
import type { Settings } from '../lib/settings.js'

/** `cluster`: the Redis store on a local Redis Cluster of three masters (Chatty only). */
export type Store = 'memory' | 'redis' | 'cluster'

export interface Context {
  settings: Settings
  load: LoadGenerator
  store: Store
  /** The redis-server processes of this store (none on memory), whose CPU each step reports. */
  redisPids: number[]
  /** `port`: listen there (a restart on the same port), a free port otherwise. */
  start(kind: ServerKind, env?: Record<string, string>, port?: number): Promise<ServerHandle>
}

export interface Scenario {
  /** Which of the requested servers this scenario runs against. */
  kinds(requested: ServerKind[], settings: Settings): ServerKind[]
  run(kind: ServerKind, ctx: Context, problems: string[]): Promise<unknown>
}

/** Starts `count` processes of `kind`, runs `body`, and always stops them. */
export async function withServers<T>(
  ctx: Context,
  kind: ServerKind,
  count: number,
  env: Record<string, string> | undefined,
  body: (servers: ServerHandle[]) => Promise<T>,
): Promise<T> {
  const servers: ServerHandle[] = []
  try {
    for (let i = 0; i < count; i++) servers.push(await ctx.start(kind, env))
    return await body(servers)
  } finally {
    await ctx.load.disconnect().catch(() => undefined)
    await Promise.all(servers.map((s) => s.stop()))
  }
}
