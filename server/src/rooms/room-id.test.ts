import { describe, expect, it } from 'vitest'
import { isRoomIdShape, newRoomId } from './room-id.js'

describe('room ids', () => {
  it('are 22 URL-safe characters (128 bits), all different, across many pool refills', () => {
    const ids = Array.from({ length: 5000 }, newRoomId)
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.every(isRoomIdShape)).toBe(true)
  })

  it('use every bit: each of the 22 positions takes many values', () => {
    const ids = Array.from({ length: 2000 }, newRoomId)
    for (let i = 0; i < 21; i++) {
      // The last character carries only 2 bits; the others 6 bits (64 values).
      expect(new Set(ids.map((id) => id[i])).size).toBeGreaterThan(50)
    }
  })

  it('refuses shapes that cannot be ids', () => {
    for (const bad of ['', 'short', '../etc/passwd', 'a'.repeat(65), 'has space here']) {
      expect(isRoomIdShape(bad)).toBe(false)
    }
  })
})
