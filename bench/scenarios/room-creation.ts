/** Scenario 4, room creation: `POST /api/rooms/` requests per second, measured with autocannon. */
import autocannon from 'autocannon'
import { cpuSeconds } from '../lib/proc-stats.js'
import { chatServers } from '../lib/servers.js'
import { withServers, type Scenario } from './context.js'

export interface RoomCreationResult {
  requestsPerSec: number
  requestsPerCpuSec: number
  p50Ms: number
  p99Ms: number
  non2xx: number
  errors: number
}

export const roomCreationScenario: Scenario = {
  kinds: chatServers,
  async run(kind, ctx) {
    return withServers(ctx, kind, 1, undefined, async ([server]): Promise<RoomCreationResult> => {
      const cpu0 = cpuSeconds(server!.pid)
      const result = await autocannon({
        url: `${server!.baseUrl}/api/rooms/`,
        method: 'POST',
        connections: 50,
        duration: ctx.settings.autocannonSeconds,
      })
      const cpu = cpuSeconds(server!.pid) - cpu0
      const total = result.requests.total
      const out: RoomCreationResult = {
        requestsPerSec: Math.round(result.requests.average),
        requestsPerCpuSec: cpu > 0 ? Math.round(total / cpu) : 0,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
      }
      console.log(`    ${out.requestsPerSec} rooms/s, p99 ${out.p99Ms} ms, non-2xx ${out.non2xx}`)
      return out
    })
  },
}
