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

it('reads an ACL user, a password and TLS given once, for every node', () => {
  const config = loadConfig({
    CHATTY_REDIS_CLUSTER_NODES: 'rediss://app:s%40cret@redis-1:7000,redis-2:7001',
  })
  const auth = { username: 'app', password: 's@cret', tls: true }
  expect(config.redisClusterNodes).toEqual([
    { host: 'redis-1', port: 7000, ...auth },
    { host: 'redis-2', port: 7001, ...auth },
  ])
  expect(
    loadConfig({ CHATTY_REDIS_CLUSTER_NODES: 'redis://redis-1:7000' }).redisClusterNodes,
  ).toEqual([{ host: 'redis-1', port: 7000 }])
})

it('never repeats a password in its refusal', () => {
  expect(() =>
    loadConfig({ CHATTY_REDIS_CLUSTER_NODES: 'redis://app:s3cret@redis-1:7000/9' }),
  ).toThrow(/^(?!.*s3cret).*CHATTY_REDIS_CLUSTER_NODES/s)
})

it.each([
  ['redis-1'],
  ['redis-1:0'],
  ['redis-1:70000'],
  ['redis-1:7000,'],
  ['redis://redis-1'],
  ['http://redis-1:7000'],
  ['redis://redis-1:7000/2'],
  ['redis://a:x@redis-1:7000,redis://a:y@redis-2:7000'],
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
