/** Joins paced: never more than the limit at once, the rest in arrival order, none lost. */
import { describe, expect, it } from 'vitest'
import { JoinPacer } from './join-pacer.js'

function deferred() {
  let resolve!: () => void
  let reject!: (e: unknown) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('JoinPacer', () => {
  it('runs at most `concurrency` at once and starts the rest in arrival order', async () => {
    const pacer = new JoinPacer(2)
    const gates = Array.from({ length: 5 }, deferred)
    const started: number[] = []
    const done = gates.map((gate, i) =>
      pacer.run(async () => {
        started.push(i)
        await gate.promise
        return i
      }),
    )
    await Promise.resolve()
    expect(started).toEqual([0, 1])
    expect(pacer.queued).toBe(3)
    gates[1]!.resolve()
    await done[1]
    await Promise.resolve()
    expect(started).toEqual([0, 1, 2])
    // A failing join frees its slot as well.
    gates[0]!.reject(new Error('refused'))
    await expect(done[0]).rejects.toThrow('refused')
    await Promise.resolve()
    expect(started).toEqual([0, 1, 2, 3])
    for (const gate of gates) gate.resolve()
    expect(await Promise.all(done.slice(1))).toEqual([1, 2, 3, 4])
    expect(pacer.queued).toBe(0)
    // Every slot came back: two new joins start at once.
    const again = [deferred(), deferred()]
    const order: number[] = []
    const runs = again.map((g, i) => pacer.run(async () => (order.push(i), g.promise)))
    await Promise.resolve()
    expect(order).toEqual([0, 1])
    for (const g of again) g.resolve()
    await Promise.all(runs)
  })
})
