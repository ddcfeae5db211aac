import { fanout, type FanoutResult } from './fanout.js'
import { chatServers } from '../lib/servers.js'
import { withServers, type Scenario } from './context.js'

export const fanoutScenario: Scenario = {
  kinds: chatServers,
  async run(kind, ctx, problems) {
    const results: FanoutResult[] = []
    const shared = ctx.store !== 'memory'
    const sizes = shared ? ctx.settings.redisFanoutSizes : ctx.settings.fanoutSizes
    // Two processes share a room only through Redis, and bare ws has no such mode.
    const processCounts = shared && kind !== 'ws' ? ctx.settings.fanoutProcesses : [1]
    for (const size of sizes) {
      for (const processes of processCounts) {
        const label = `fan-out ${size} on ${kind}/${ctx.store}${processes > 1 ? ` ×${processes}` : ''}`
        try {
          const result = await withServers(ctx, kind, processes, undefined, (servers) =>
            fanout(servers, ctx.load, size, ctx.settings, ctx.redisPids),
          )
          const first = result.ramp[0]
          if (first && first.lost > 0) {
            problems.push(`${label}: ${first.lost} lost at the gentlest step`)
          }
          console.log(
            `    ${size} members, ${processes} process(es): peak ${result.peak?.deliveriesPerSec ?? '-'} deliveries/s (${result.stop})`,
          )
          results.push(result)
        } catch (error) {
          problems.push(`${label}: ${(error as Error).message}`)
        }
      }
    }
    return results
  },
}
