import { fanout, type FanoutResult } from './fanout.js'
import { withServers, type Scenario } from './context.js'

export const fanoutScenario: Scenario = {
  kinds: (requested) => requested,
  async run(kind, ctx, problems) {
    const results: FanoutResult[] = []
    const sizes = ctx.store === 'redis' ? ctx.settings.redisFanoutSizes : ctx.settings.fanoutSizes
    for (const size of sizes) {
      try {
        const result = await withServers(ctx, kind, 1, undefined, (servers) =>
          fanout(servers, ctx.load, size, ctx.settings, ctx.redis?.pid),
        )
        const first = result.ramp[0]
        if (first && first.lost > 0) {
          problems.push(
            `fan-out ${size} on ${kind}/${ctx.store}: ${first.lost} lost at the gentlest step`,
          )
        }
        console.log(
          `    ${size} members: peak ${result.peak?.deliveriesPerSec ?? '-'} deliveries/s (${result.stop})`,
        )
        results.push(result)
      } catch (error) {
        problems.push(`fan-out ${size} on ${kind}/${ctx.store}: ${(error as Error).message}`)
      }
    }
    return results
  },
}
