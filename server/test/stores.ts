/** Runs a suite once on the in-memory store and once on a private Redis. */
import { afterAll, beforeAll, describe } from 'vitest'
import { startRedis, type TestRedis } from '../../testkit/redis.js'

export function describeOnEachStore(
  name: string,
  suite: (env: () => Record<string, string>) => void,
): void {
  describe(`${name} (memory store)`, () => suite(() => ({})))

  describe(`${name} (redis store)`, () => {
    let redis: TestRedis
    beforeAll(async () => {
      redis = await startRedis()
    })
    afterAll(async () => {
      await redis.stop()
    })
    suite(() => ({ CHATTY_REDIS_URL: redis.url }))
  })
}
