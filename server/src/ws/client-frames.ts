/** Turns a text frame into a validated client frame, or a `ProtocolError` with its error code. */
import { TypeCompiler } from '@sinclair/typebox/compiler'
import type { ClientFrame, ErrorCode } from '../../../protocol/index.js'
import {
  ClientChatSchema,
  ClientJoinSchema,
  ClientPingSchema,
  ClientTypingSchema,
} from '../../../protocol/schemas.js'

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
}

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
  // The original protocol sent chat messages without a type.
  const type = (value as { type?: unknown }).type ?? 'message'
  if (typeof type !== 'string' || !Object.hasOwn(checkers, type)) {
    throw new ProtocolError('unknown_type', `Unknown frame type ${JSON.stringify(type)}.`)
  }
  const checker = checkers[type as keyof typeof checkers]
  if (!checker.Check(value)) {
    const first = checker.Errors(value).First()
    const where = first?.path ? ` at ${first.path}` : ''
    throw new ProtocolError(
      'invalid_frame',
      `Invalid ${type} frame${where}: ${first?.message ?? 'bad shape'}.`,
    )
  }
  return value as ClientFrame
}
