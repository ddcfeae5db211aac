/**
 * The invitation scripts (`invitations.ts`; see `lua.ts` for what every script guarantees).
 * A room's invitations are one hash, `RedisKeys.invitations`, that expires with the room:
 * invitation id → JSON {hash, label?, created_at, state}. KEYS[1] is the room hash, KEYS[2]
 * the invitations hash. Spending one is the join's (`addMemberScript`).
 */
import { INVITATIONS_JSON, LuaScript, NOW_MS } from './lua.js'

const LIVE = `${NOW_MS}
local expires_at = redis.call('HGET', KEYS[1], 'expires_at')
local live = expires_at and tonumber(expires_at) > now_ms()
`

/**
 * ARGV: channel, id, record JSON (state open), most open ones (and ten times that kept in
 * all). 'ok', 'room_not_found' or 'full'; publishes the open list.
 */
export const createInvitationScript = new LuaScript(
  'chattyCreateInvitation',
  2,
  `${LIVE}${INVITATIONS_JSON}
if not live then return 'room_not_found' end
local most = tonumber(ARGV[4])
if open_count(KEYS[2]) >= most or redis.call('HLEN', KEYS[2]) >= most * 10 then return 'full' end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('PEXPIREAT', KEYS[2], expires_at)
redis.call(PUBLISH, ARGV[1], invitations_json(KEYS[2]))
return 'ok'
`,
)

/** ARGV: channel, id. 1 when an open invitation was revoked (the open list published), else 0. */
export const revokeInvitationScript = new LuaScript(
  'chattyRevokeInvitation',
  2,
  `${LIVE}${INVITATIONS_JSON}
if not live then return 0 end
local raw = redis.call('HGET', KEYS[2], ARGV[2])
if not raw then return 0 end
local invitation = cjson.decode(raw)
if invitation.state ~= 'open' then return 0 end
invitation.state = 'revoked'
redis.call('HSET', KEYS[2], ARGV[2], cjson.encode(invitation))
redis.call(PUBLISH, ARGV[1], invitations_json(KEYS[2]))
return 1
`,
)

/** ARGV: id. The record JSON, or false (none, or the room is gone). */
export const getInvitationScript = new LuaScript(
  'chattyGetInvitation',
  2,
  `${LIVE}
if not live then return false end
return redis.call('HGET', KEYS[2], ARGV[1])
`,
)

/** No ARGV. The `invitations` frame of the open ones, or false when the room is gone. */
export const openInvitationsScript = new LuaScript(
  'chattyOpenInvitations',
  2,
  `${LIVE}${INVITATIONS_JSON}
if not live then return false end
return invitations_json(KEYS[2])
`,
)

/**
 * KEYS: room only. ARGV: channel, '1' or '0'. Sets the switch and publishes `room_state`
 * with the lock and the switch; 0 when the room is gone.
 */
export const setInvitationOnlyScript = new LuaScript(
  'chattySetInvitationOnly',
  1,
  `${LIVE}
if not live then return 0 end
redis.call('HSET', KEYS[1], 'invitation_only', ARGV[2])
local locked = redis.call('HGET', KEYS[1], 'locked') == '1' and 'true' or 'false'
local enabled = ARGV[2] == '1' and 'true' or 'false'
redis.call(PUBLISH, ARGV[1], '{"type":"room_state","locked":' .. locked .. ',"invitation_only":' .. enabled .. '}')
return 1
`,
)
