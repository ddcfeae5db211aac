/**
 * Calls every listener with `args`, over a copy (a listener that unsubscribes while called
 * does not make its neighbour skipped); one that throws goes to `onError` and the rest are
 * still called. Both stores tell their rooms, reapers and health watchers this way.
 */
export function callEach<A extends unknown[]>(
  listeners: Iterable<(...args: A) => void>,
  args: A,
  onError: (error: unknown) => void,
): void {
  for (const listener of [...listeners]) {
    try {
      listener(...args)
    } catch (error) {
      onError(error)
    }
  }
}
