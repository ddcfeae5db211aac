/** Loopback networking helpers shared by the server tests and the e2e tests. */
import { once } from 'node:events'
import net from 'node:net'

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picked it; now closed again). */
export async function freePort(): Promise<number> {
  const server = net.createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
