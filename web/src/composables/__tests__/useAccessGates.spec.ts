import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PASSWORD_KDF_BOUNDS, type PasswordKdf } from '../../../../protocol/room-access'
import { roomInfo } from '../../lib/__tests__/fixtures'
import { accessSecret } from '../../lib/access-secrets'
import { rememberJoined } from '../../lib/room-entry'
import { newRoomKey } from '../../lib/room-crypto'
import { newPasswordKdf } from '../../lib/room-password'
import { useAccessGates, type JoinAccess } from '../useAccessGates'

const TOKEN = 't'.repeat(32)
const CHEAP: PasswordKdf = {
  ...newPasswordKdf(),
  memory_kib: PASSWORD_KDF_BOUNDS.memory_kib.min,
  iterations: PASSWORD_KDF_BOUNDS.iterations.min,
}

/** The server answers each POST with the next of `answers` (a status and a body). */
function server(...answers: [number, unknown?][]) {
  const calls: { url: string; body: unknown }[] = []
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    calls.push({ url, body: JSON.parse(String(init.body)) })
    const [status, body] = answers.shift() ?? [500]
    return Promise.resolve(
      new Response(status === 204 ? null : JSON.stringify(body ?? {}), { status }),
    )
  })
  return calls
}

function gates(invite: string | null = null, linkKey: string | null = null) {
  const access: JoinAccess[] = []
  const keys: CryptoKey[] = []
  const onPassed = vi.fn()
  const chat = {
    setKey: (k: CryptoKey) => keys.push(k),
    setAccess: (a: JoinAccess) => access.push(a),
  }
  return { ...useAccessGates('r1', linkKey, invite, chat, onPassed), access, keys, onPassed }
}

describe('useAccessGates', () => {
  beforeEach(() => {
    localStorage.clear()
    sessionStorage.clear()
  })
  afterEach(() => vi.unstubAllGlobals())

  it('asks for a click on an open invitation, then lets the join carry it', async () => {
    const calls = server([200, { state: 'open' }])
    const g = gates(TOKEN)
    expect(await g.check(roomInfo())).toBe('invitation')
    expect(calls).toEqual([{ url: '/api/rooms/r1/invitation', body: { token: TOKEN } }])
    g.accept()
    expect(g.onPassed).toHaveBeenCalledOnce()
    expect(await g.check(roomInfo())).toBeNull()
    expect(g.access.at(-1)).toEqual({ invitation: TOKEN })
  })

  it('says a used, revoked or unknown invitation plainly', async () => {
    for (const state of ['used', 'revoked', 'invalid'] as const) {
      server([200, { state }])
      expect(await gates(TOKEN).check(roomInfo())).toBe(`invitation-${state}`)
    }
  })

  it('lets a browser that was in come back without an invitation, and turns the bare link away', async () => {
    expect(await gates().check(roomInfo({ invitation_only: true }))).toBe('invitation-only')
    rememberJoined('r1', Date.now() + 60_000)
    const back = gates(TOKEN)
    expect(await back.check(roomInfo({ invitation_only: true }))).toBeNull()
    // It spends nothing: its join carries no invitation.
    expect(back.access.at(-1)).toEqual({})
  })

  it('asks a plain room’s password, says a wrong one in the server’s words, keeps a right one', async () => {
    const room = roomInfo({ password: {} })
    const g = gates()
    expect(await g.check(room)).toBe('password')
    server([403, { message: 'That password is not this room’s.' }], [204])
    await g.submitPassword('nope')
    expect(g.passwordError.value).toBe('That password is not this room’s.')
    expect(g.onPassed).not.toHaveBeenCalled()
    await g.submitPassword('open sesame')
    expect(g.onPassed).toHaveBeenCalledOnce()
    expect(accessSecret('r1')).toBe('open sesame')
    expect(await g.check(room)).toBeNull()
    expect(g.access.at(-1)).toEqual({ password: 'open sesame' })
  })

  it('in an encrypted room, sends only a verifier and sets the derived key', async () => {
    const room = roomInfo({ encrypted: true, password: { kdf: CHEAP } })
    const g = gates(null, newRoomKey())
    expect(await g.check(room)).toBe('password')
    const calls = server([204])
    await g.submitPassword('correct horse')
    expect(JSON.stringify(calls)).not.toContain('correct horse')
    const sent = calls[0]!.body as { password_check: string }
    expect(sent.password_check).toMatch(/^kc2:/)
    // Kept for a reload: the stretched password, not the password.
    expect(accessSecret('r1')).not.toContain('correct')
    expect(await g.check(room)).toBeNull()
    expect(g.keys).toHaveLength(1)
    expect(g.access.at(-1)).toEqual({ password_check: sent.password_check })
  })
})
