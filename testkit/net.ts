/** Loopback ports for the processes a test or the bench starts. */
import { once } from 'node:events'
import net from 'node:net'

/** The shared Redis most machines run; a private server must never land on it. */
const SHARED_REDIS_PORT = 6379

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picked it; now closed again). */
export async function freePort(): Promise<number> {
  for (;;) {
    const server = net.createServer()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const { port } = server.address() as net.AddressInfo
    await new Promise<void>((resolve) => server.close(() => resolve()))
    // The OS hands out ephemeral ports (32768+ on Linux), but the range is configurable.
    if (port !== SHARED_REDIS_PORT) return port
  }
}
