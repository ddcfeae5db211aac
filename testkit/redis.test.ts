/** The private Redis: its own port and directory, never the shared 6379, and gone after stop(). */
import { existsSync } from 'node:fs'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { startRedis } from './redis.js'

const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('startRedis', () => {
  it('runs a redis-server of its own in its own directory, and removes both on stop', async () => {
    const [one, two] = await Promise.all([startRedis(), startRedis()])
    try {
      expect(one.port).not.toBe(6379)
      expect(one.port).not.toBe(two.port)
      expect(one.dir).not.toBe(two.dir)
      const client = new Redis(one.url)
      try {
        expect(await client.config('GET', 'dir')).toEqual(['dir', one.dir])
        expect(await client.config('GET', 'save')).toEqual(['save', ''])
        expect(Number((await client.info('server')).match(/process_id:(\d+)/)?.[1])).toBe(one.pid)
      } finally {
        client.disconnect()
      }
    } finally {
      await one.stop()
    }
    expect(running(one.pid)).toBe(false)
    expect(existsSync(one.dir)).toBe(false)
    expect(running(two.pid)).toBe(true)
    await two.stop()
  })
})
