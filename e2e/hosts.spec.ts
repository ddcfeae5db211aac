/**
 * Chatty across hosts: three network namespaces ("hosts", each its own address on a
 * bridge) run one built server process each, on a 3-master Redis Cluster in the root
 * namespace, behind Debian's nginx running the project's deploy/nginx/chatty.conf with
 * passive health checks (`max_fails=1`) on its upstream group. WebSocket clients on nginx,
 * two members per host, chat in one room while:
 *
 * 1. host 1's server is SIGKILLed: its members reconnect through nginx, land on another
 *    host and resume (last_id, epoch, resume token): quietly, nothing lost or doubled;
 * 2. host 2 is cut off from Redis by a packet filter in its namespace: its members stay
 *    connected, their sends are answered `unavailable`, and once the filter is lifted they
 *    send again and every member converges on one history.
 *
 * The steps run in order and build on each other. Needs root, iproute2, nftables, nginx
 * and redis-server (scripts/install-system-deps.sh); a missing one fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBuild, startChatty, type ChattyProcess } from '../testkit/chatty.js'
import { REPO, requireProgram } from '../testkit/process.js'
import { startRedisCluster, type TestCluster } from '../testkit/redis-cluster.js'
import { disagreements, Member } from './hosts/member.js'
import { startHosts, type TestNetwork } from './hosts/network.js'
import { startNginx, type TestNginx } from './topology/nginx.js'

/** Every host's server listens on its own address, on the same port. */
const PORT = 8000
/** Passive health checks; the failure is remembered longer than the test runs. */
const UPSTREAM_PARAMS = 'max_fails=1 fail_timeout=300s'
const CONVERGE = { timeout: 20_000, interval: 100 }
const ALL_NAMES = ['Ana', 'Ari', 'Bea', 'Ben', 'Cal', 'Cat', 'Gus']

let network: TestNetwork
let cluster: TestCluster
const servers: ChattyProcess[] = []
let nginx: TestNginx
let members: Member[] = []
/** The members of host 1, 2 and 3 at the start, and one on host 1 that never comes back. */
let onHost: [Member[], Member[], Member[]]
let ghost: Member
/** client_ids answered `unavailable`: they must never show up. */
const unsent: string[] = []

beforeAll(async () => {
  requireProgram('redis-server', ['--version'], 'install it with `apt-get install -y redis-server`')
  requireBuild()
  network = startHosts(3)
  cluster = await startRedisCluster({ masters: 3, host: network.gateway })
  // One at a time, so a process that fails to start leaves the others in `servers` to stop.
  for (const host of network.hosts) {
    servers.push(
      await startChatty({
        host: host.address,
        port: PORT,
        prefix: host.exec,
        env: {
          CHATTY_REDIS_CLUSTER_NODES: cluster.nodesEnv,
          CHATTY_TRUST_PROXY: network.gateway,
          CHATTY_MESSAGES_PER_SECOND: '50',
          CHATTY_MESSAGE_BURST: '100',
        },
      }),
    )
  }
  const upstreams = network.hosts.map((h) => `${h.address}:${PORT}`)
  nginx = await startNginx(upstreams, `${REPO}/dist/web`, { upstreamParams: UPSTREAM_PARAMS })
}, 90_000)

afterAll(async () => {
  for (const member of members) member.close()
  await nginx?.stop()
  await Promise.all(servers.map((server) => server.kill('SIGKILL')))
  await cluster?.stop()
  network?.stop()
})

/** The status of `/readyz` on host `index + 1`, asked directly (not through nginx). */
const readyz = (index: number) => async (): Promise<number> => {
  const res = await fetch(`${servers[index]!.baseUrl}/readyz`, {
    signal: AbortSignal.timeout(5000),
  })
  await res.body?.cancel()
  return res.status
}

/** Each member sends one message, tagged `tag`, and gets it back stored. */
async function everyoneSays(tag: string, who = members): Promise<void> {
  for (const member of who) member.say(`${tag}-${member.name}`)
  for (const member of who) {
    expect(await member.answer(`${tag}-${member.name}`)).toMatchObject({ type: 'message' })
  }
}

describe('three hosts, a Redis Cluster and nginx with passive health checks', () => {
  it('lets members on three hosts chat in one room', async () => {
    const res = await fetch(`${nginx.url}/api/rooms/`, { method: 'POST' })
    expect(res.status).toBe(201)
    const { room_id: roomId } = (await res.json()) as { room_id: string }
    const url = `${nginx.url.replace('http', 'ws')}/ws/${roomId}`
    onHost = [
      [new Member('Ana', url), new Member('Ari', url)],
      [new Member('Ben', url), new Member('Bea', url)],
      [new Member('Cal', url), new Member('Cat', url)],
    ]
    ghost = new Member('Gus', url, false)
    members = onHost.flat()
    for (const [i, group] of onHost.entries()) for (const m of group) await m.join(i + 1)
    await ghost.join(1)

    await everyoneSays('hello')
    await expect.poll(() => disagreements([...members, ghost]), CONVERGE).toEqual([])
    for (const member of members) expect(member.users()).toContain('Gus')
  })

  it('moves the members of a killed host to the others, quietly, nothing lost or doubled', async () => {
    const [lost] = onHost
    const talker = onHost[2][0]!
    // A member of host 3 keeps talking through the kill and the resumes.
    let n = 0
    const talking = setInterval(() => talker.say(`t${n++}`), 100)
    try {
      for (const member of [...lost, ghost]) {
        await member.client.next((f) => f.type === 'message' && f.sender === talker.name, 5000)
      }
      await servers[0]!.kill('SIGKILL')
      for (const member of [...lost, ghost]) {
        expect((await member.client.closed).code).not.toBe(1000)
      }
      // One after the other, like the requests the nginx log check below counts.
      for (const member of lost) await member.resume()
      // Each resumed member hears the talker live on its new connection.
      for (const member of lost) {
        await member.client.next((f) => f.type === 'message' && f.sender === talker.name, 5000)
      }
    } finally {
      clearInterval(talking)
    }
    // Three requests in a row: round robin offers host 1 one of any three (unless it is out).
    for (let i = 0; i < 3; i++) expect((await fetch(`${nginx.url}/healthz`)).status).toBe(200)
    await everyoneSays('back')
    await expect.poll(() => disagreements(members), CONVERGE).toEqual([])
    // Quiet: nobody saw anyone leave or join again (Gus, who never came back, goes later).
    for (const member of members) {
      expect(member.notices('leave').filter((name) => name !== ghost.name)).toEqual([])
      expect(member.notices('join').sort()).toEqual(ALL_NAMES)
    }
    expect(members.flatMap((m) => m.errors())).toEqual([])
  })

  it('keeps the members of a host cut off from Redis, refuses their sends, and converges after', async () => {
    const cut = network.hosts[1]!
    const [, stranded, others] = onHost
    const redisPorts = cluster.nodes.map((node) => node.port)
    cut.cutOff(network.gateway, redisPorts)
    try {
      // Every send on host 2 is answered `unavailable` (not sent); host 3 chats on.
      for (const member of stranded) member.say(`cut-${member.name}`)
      for (const member of others) member.say(`cut-${member.name}`)
      for (const member of stranded) {
        const answer = await member.answer(`cut-${member.name}`, 5000)
        expect(answer).toMatchObject({ type: 'error', code: 'unavailable' })
        unsent.push(`cut-${member.name}`)
      }
      for (const member of others) {
        expect(await member.answer(`cut-${member.name}`)).toMatchObject({ type: 'message' })
      }
      await expect.poll(readyz(1), { timeout: 10_000, interval: 200 }).toBe(503)
    } finally {
      cut.reconnect()
    }
    // Still connected through the whole cut.
    for (const member of stranded) expect(member.client.ws.readyState).toBe(member.client.ws.OPEN)

    await expect.poll(readyz(1), { timeout: 20_000, interval: 200 }).toBe(200)
    await everyoneSays('after')
    await expect.poll(() => disagreements(members, unsent), CONVERGE).toEqual([])
    const left = members.flatMap((m) => m.notices('leave'))
    expect(left.filter((name) => name !== ghost.name)).toEqual([])
  })

  it('reaps the killed host’s member who never came back, and only that one', async () => {
    await expect
      .poll(() => members.map((m) => m.notices('leave').join()), { timeout: 45_000, interval: 200 })
      .toEqual(members.map(() => 'Gus'))
    await expect.poll(() => disagreements(members, unsent), CONVERGE).toEqual([])
    for (const member of members) {
      expect(member.users()).toEqual(ALL_NAMES.filter((name) => name !== ghost.name))
    }
  }, 60_000)

  it('took the dead host out of nginx’s rotation after one failed try (max_fails=1)', async () => {
    for (const member of members) member.close()
    const dead = `${network.hosts[0]!.address}:${PORT}`
    // nginx logs a WebSocket when it ends; the resumes are the unpinned ones.
    const upstreams = async (pattern: string): Promise<string[]> =>
      (await nginx.accessLog()).split('\n').flatMap((line) => {
        const match = new RegExp(`"${pattern} [^"]*" \\d+ upstream=(.*) pin=-$`).exec(line)
        return match ? [match[1]!] : []
      })
    await expect.poll(async () => (await upstreams('GET /ws/\\S+')).length).toBe(2)
    const resumes = await upstreams('GET /ws/\\S+')
    for (const tried of resumes) expect(tried.split(', ').at(-1)).not.toBe(dead)
    // Of the five requests after the kill, exactly one tried host 1 (refused, then sent on
    // to another host); nginx then left host 1 out for fail_timeout.
    const after = [...resumes, ...(await upstreams('GET /healthz'))]
    expect(after).toHaveLength(5)
    expect(after.filter((tried) => tried.includes(dead))).toEqual([
      expect.stringMatching(new RegExp(`^${dead.replaceAll('.', '\\.')}, `)),
    ])
  })
})
