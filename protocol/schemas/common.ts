/** What client and server frames share: the timestamp and avatar fields. */
import { Type } from '@sinclair/typebox'
import { AVATAR_ID_PATTERN } from '../avatars.js'

export const Timestamp = Type.String({
  format: 'date-time',
  description: 'Server time, ISO 8601 UTC',
})
export const Avatar = Type.String({
  pattern: AVATAR_ID_PATTERN,
  description: 'Avatar id (up to 32 of a-z, 0-9, -), or "" for the initial',
})
