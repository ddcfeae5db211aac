/** The Redis store on a real local Redis Cluster (three masters): the whole store contract. */
import { afterAll, beforeAll } from 'vitest'
import { startRedisCluster, type TestCluster } from '../../../testkit/redis-cluster.js'
import { RedisStore } from '../../src/store/redis/redis-store.js'
import { CONTRACT_HISTORY_LIMIT } from './contract-helpers.js'
import { registerStoreContractTests } from './contract.js'

let cluster: TestCluster

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3 })
}, 60_000)
afterAll(async () => {
  await cluster?.stop()
})

registerStoreContractTests('RedisStore on a Redis Cluster', async () => {
  const store = new RedisStore({
    clusterNodes: cluster.nodes.map((n) => ({ host: '127.0.0.1', port: n.port })),
    historyLimit: CONTRACT_HISTORY_LIMIT,
    heartbeatSeconds: 0.5,
  })
  return { store, cleanup: () => store.close() }
})
