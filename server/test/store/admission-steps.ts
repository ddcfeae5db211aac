/**
 * What the admission table's rows are made of (the table: `admission-cases.ts`, with
 * `admission-cases-invitations.ts`): the row format, the steps that set a room up, and the
 * verdict a join comes to.
 */
import type { AdmissionRefusal, AdmissionState } from '../../src/rooms/admission.js'
import type { InvitationRecordState } from '../../src/store/invitations.js'

export type Verdict = 'ok' | 'resumed' | AdmissionRefusal

export interface Joiner {
  /** Display name; the store gets its name key (`nameKey`) as the member's key. */
  name: string
  browser?: string
  /** Hash of the joiner's own resume token: what a later resume of the name presents. */
  resume?: string
  /** Hash of the resume token it presents, to take a held name over. */
  presents?: string
  host?: boolean
  /**
   * The invitation it presents: one a `given` step made (by its name), `unknown` (an id no
   * invitation has), or `forged:<name>` (that invitation's id with another token).
   */
  invitation?: string
}

export type Step =
  | ({ do: 'join' } & Joiner)
  | { do: 'leave' | 'expel'; name: string }
  | { do: 'lock' | 'unlock' | 'destroy' | 'invitation_only' | 'invitation_open' }
  /** The host makes an invitation (named, to present it later) or revokes it. */
  | { do: 'invite' | 'revoke'; invitation: string }

/** One row; its title is its key in `ADMISSION_CASES` (so no two rows share one). */
export interface AdmissionCase {
  /** The room: created live (default), never created, or created already past its end. */
  room?: 'missing' | 'expired'
  /** The size limit of every join of the row (default `MAX`). */
  max?: number
  /** What happened in the room before, in order; every step succeeds. */
  given: Step[]
  join: Joiner
  /** That state as `decideAdmission` sees it; fields left out are false, 0 or absent. */
  sees: Partial<AdmissionState>
  expect: Verdict
  /** The presented invitation's state after the join (rows whose joiner presents a made one). */
  leaves?: InvitationRecordState
}

export const MAX = 10

/** A join's outcome as one word: a store's `addMember` result or the decision. */
export function verdictOf(
  result: { ok: true; resumed?: boolean } | { ok: false; reason: AdmissionRefusal },
): Verdict {
  if (!result.ok) return result.reason
  return result.resumed ? 'resumed' : 'ok'
}

export const join = (name: string, more: Omit<Joiner, 'name'> = {}): Step => ({
  do: 'join',
  name,
  ...more,
})
export const leave = (name: string): Step => ({ do: 'leave', name })
export const expel = (name: string): Step => ({ do: 'expel', name })
export const LOCK: Step = { do: 'lock' }

/** Alice holds her name (resume hash h1), first in the room. */
export const ALICE_HOLDS = { holder: { resumeHash: 'h1', order: 1 }, memberCount: 1 }
