/** The Redis store's invitations: one hash per room, expiring with it (`scripts-invitations.ts`). */
import type { InvitationsFrame, OpenInvitation } from '../../../../protocol/index.js'
import type {
  CreateInvitationResult,
  InvitationRecord,
  Invitations,
  NewInvitation,
} from '../invitations.js'
import type { RedisContext } from './context.js'
import type { LuaScript } from './lua.js'
import {
  createInvitationScript,
  getInvitationScript,
  openInvitationsScript,
  revokeInvitationScript,
  setInvitationOnlyScript,
} from './scripts-invitations.js'

/** An invitation as the scripts keep it (JSON; its id is the field). */
interface StoredInvitation {
  hash: string
  label?: string
  created_at: string
  state: InvitationRecord['state']
}

export class RedisInvitations implements Invitations {
  constructor(
    private readonly ctx: RedisContext,
    /** Sends the room's batched appends first, so the room's events keep their call order. */
    private readonly flush: (roomId: string) => void,
  ) {}

  async create(
    roomId: string,
    invitation: NewInvitation,
    maxOpen: number,
  ): Promise<CreateInvitationResult> {
    const stored: StoredInvitation = {
      hash: invitation.hash,
      ...(invitation.label !== undefined && { label: invitation.label }),
      created_at: invitation.createdAt,
      state: 'open',
    }
    this.flush(roomId)
    const result = await this.run(createInvitationScript, roomId, [
      this.ctx.keys.channel(roomId),
      invitation.id,
      JSON.stringify(stored),
      maxOpen,
    ])
    return result as CreateInvitationResult
  }

  async revoke(roomId: string, id: string): Promise<boolean> {
    this.flush(roomId)
    const done = await this.run(revokeInvitationScript, roomId, [this.ctx.keys.channel(roomId), id])
    return done === 1
  }

  async get(roomId: string, id: string): Promise<InvitationRecord | null> {
    const raw = await this.run(getInvitationScript, roomId, [id])
    if (typeof raw !== 'string') return null
    const stored = JSON.parse(raw) as StoredInvitation
    return {
      id,
      hash: stored.hash,
      ...(stored.label !== undefined && { label: stored.label }),
      createdAt: stored.created_at,
      state: stored.state,
    }
  }

  async open(roomId: string): Promise<OpenInvitation[]> {
    const raw = await this.run(openInvitationsScript, roomId, [])
    return typeof raw === 'string' ? (JSON.parse(raw) as InvitationsFrame).open : []
  }

  async setInvitationOnly(roomId: string, enabled: boolean): Promise<boolean> {
    const { redis, keys } = this.ctx
    this.flush(roomId)
    const done = await this.ctx.health.run(() =>
      setInvitationOnlyScript.run(
        redis,
        [keys.room(roomId)],
        [keys.channel(roomId), enabled ? '1' : '0'],
      ),
    )
    return done === 1
  }

  private run(script: LuaScript, roomId: string, args: (string | number)[]): Promise<unknown> {
    const { redis, keys } = this.ctx
    return this.ctx.health.run(() =>
      script.run(redis, [keys.room(roomId), keys.invitations(roomId)], args),
    )
  }
}
