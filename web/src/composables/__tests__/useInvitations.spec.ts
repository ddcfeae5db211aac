import { describe, expect, it } from 'vitest'
import type { ClientFrame } from '../../../../protocol/frames'
import { useInvitations } from '../useInvitations'

describe('useInvitations', () => {
  it('sends the host’s frames and keeps the open list, with the tokens this tab was given', () => {
    const sent: ClientFrame[] = []
    const inv = useInvitations((frame) => (sent.push(frame), true))
    inv.create('  Dana ')
    inv.create('')
    expect(sent).toEqual([
      { type: 'invite', label: 'Dana', client_id: 'inv1' },
      { type: 'invite', client_id: 'inv2' },
    ])
    const at = '2030-01-01T00:00:00.000Z'
    expect(inv.handle({ type: 'invitation', id: 'a', token: 'T'.repeat(32), created_at: at })).toBe(
      true,
    )
    expect(
      inv.handle({
        type: 'invitations',
        open: [
          { id: 'a', label: 'Dana', created_at: at },
          { id: 'b', created_at: at },
        ],
      }),
    ).toBe(true)
    expect(inv.open.value).toEqual([
      { id: 'a', label: 'Dana', created_at: at, token: 'T'.repeat(32) },
      { id: 'b', created_at: at, token: undefined },
    ])
    expect(inv.latest.value).toBe('a')
    inv.revoke('a')
    inv.setInvitationOnly(true)
    expect(sent.slice(2)).toEqual([
      { type: 'revoke_invitation', id: 'a' },
      { type: 'invitation_only', enabled: true },
    ])
    expect(inv.latest.value).toBeNull()
    expect(inv.handle({ type: 'pong' })).toBe(false)
  })
})
