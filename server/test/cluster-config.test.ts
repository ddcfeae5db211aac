/** `CHATTY_REDIS_CLUSTER_NODES`: parsed into nodes, refused when malformed or beside a URL. */
import { expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.js'

it('reads the cluster nodes, IPv6 in brackets included', () => {
  const config = loadConfig({
    CHATTY_REDIS_CLUSTER_NODES: 'redis-1:7000, 10.0.0.2:7001,[::1]:7002',
  })
  expect(config.redisClusterNodes).toEqual([
    { host: 'redis-1', port: 7000 },
    { host: '10.0.0.2', port: 7001 },
    { host: '::1', port: 7002 },
  ])
  expect(config.redisUrl).toBeUndefined()
  expect(loadConfig({}).redisClusterNodes).toBeUndefined()
})

it.each([
  ['redis-1'],
  ['redis-1:0'],
  ['redis-1:70000'],
  ['redis-1:7000,'],
  ['redis://redis-1:7000'],
  ['redis-1:7000 redis-2:7000'],
])('refuses CHATTY_REDIS_CLUSTER_NODES=%s naming the variable', (value) => {
  const load = () => loadConfig({ CHATTY_REDIS_CLUSTER_NODES: value })
  expect(load).toThrow(ConfigError)
  expect(load).toThrow('CHATTY_REDIS_CLUSTER_NODES')
})

it('refuses a cluster and a single Redis together', () => {
  const load = () =>
    loadConfig({
      CHATTY_REDIS_URL: 'redis://localhost:6379',
      CHATTY_REDIS_CLUSTER_NODES: 'localhost:7000',
    })
  expect(load).toThrow(ConfigError)
  expect(load).toThrow('CHATTY_REDIS_CLUSTER_NODES')
})
