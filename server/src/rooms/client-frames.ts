/**
 * Turns a text frame into a validated client frame, or a `ProtocolError` with its error
 * code. This is the edge, whatever transport the text came over: a chat sent without
 * `type` (as the original protocol did) leaves here as `message`, so everything past it
 * switches on a closed union.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler'
import type { ClientFrame, ErrorCode } from '../../../protocol/index.js'
import {
  ClientChatSchema,
  ClientDestroySchema,
  ClientJoinSchema,
  ClientLockSchema,
  ClientPingSchema,
  ClientRemoveSchema,
  ClientRenameSchema,
  ClientUploadSchema,
  ClientDeleteSchema,
  ClientEditSchema,
  ClientReactSchema,
  ClientRoomSettingsSchema,
  ClientTypingSchema,
  ClientUnlockSchema,
  ClientInviteSchema,
  ClientRevokeInvitationSchema,
  ClientInvitationOnlySchema,
} from '../../../protocol/schemas.js'
import { InvalidAvatar } from './errors.js'

export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ProtocolError'
  }
}

const checkers = {
  join: TypeCompiler.Compile(ClientJoinSchema),
  message: TypeCompiler.Compile(ClientChatSchema),
  typing: TypeCompiler.Compile(ClientTypingSchema),
  ping: TypeCompiler.Compile(ClientPingSchema),
  lock: TypeCompiler.Compile(ClientLockSchema),
  unlock: TypeCompiler.Compile(ClientUnlockSchema),
  remove: TypeCompiler.Compile(ClientRemoveSchema),
  destroy: TypeCompiler.Compile(ClientDestroySchema),
  rename: TypeCompiler.Compile(ClientRenameSchema),
  upload: TypeCompiler.Compile(ClientUploadSchema),
  delete: TypeCompiler.Compile(ClientDeleteSchema),
  edit: TypeCompiler.Compile(ClientEditSchema),
  react: TypeCompiler.Compile(ClientReactSchema),
  room_settings: TypeCompiler.Compile(ClientRoomSettingsSchema),
  invite: TypeCompiler.Compile(ClientInviteSchema),
  revoke_invitation: TypeCompiler.Compile(ClientRevokeInvitationSchema),
  invitation_only: TypeCompiler.Compile(ClientInvitationOnlySchema),
} satisfies Record<ClientFrame['type'], unknown>

export function parseClientFrame(text: string): ClientFrame {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new ProtocolError('bad_json', 'That frame is not valid JSON.')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProtocolError('invalid_frame', 'A frame must be a JSON object.')
  }
  const object = value as { type?: unknown }
  const frame = object.type === undefined ? { ...object, type: 'message' } : object
  const type = frame.type
  if (typeof type !== 'string' || !Object.hasOwn(checkers, type)) {
    throw new ProtocolError('unknown_type', `Unknown frame type ${JSON.stringify(type)}.`)
  }
  const checker = checkers[type as keyof typeof checkers]
  if (!checker.Check(frame)) {
    const first = checker.Errors(frame).First()
    // A join's avatar has an error code of its own, whatever is wrong with it.
    if ((type === 'join' || type === 'rename') && first?.path === '/avatar') {
      throw new InvalidAvatar()
    }
    const where = first?.path ? ` at ${first.path}` : ''
    throw new ProtocolError(
      'invalid_frame',
      `Invalid ${type} frame${where}: ${first?.message ?? 'bad shape'}.`,
    )
  }
  return frame as ClientFrame
}
