/** OpenAPI at `/docs` (JSON at `/docs/json`): the REST routes from their schemas, and the WebSocket protocol in prose. */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorBodySchema, RoomInfoSchema } from '../../../protocol/schemas.js'

const PROTOCOL = `
Ephemeral chat rooms that self-destruct after one hour. No accounts, no data retention.

## WebSocket \`/ws/{room_id}\`

All frames are JSON text. Binary frames get an \`error\` frame.

**Client → server**

| Frame | Meaning |
|---|---|
| \`{"type":"join","sender":"Alice","avatar":"fox","last_id":41}\` | First frame. \`avatar\`: one of 16 ids or \`""\`; \`last_id\` (optional): last message id seen, to rejoin after a drop and get exactly what was missed. |
| \`{"content":"hi","mentions":["Bob"],"reply_to":12,"client_id":"c1"}\` | Chat message (\`"type":"message"\` optional). \`sender\`/\`avatar\`/\`timestamp\` are ignored: the server sets them. |
| \`{"type":"typing"}\` | "I am typing"; relayed to the others, throttled. |
| \`{"type":"ping"}\` | Answered with \`{"type":"pong"}\`. |

**Server → client**, in room order (\`message\`/\`system\` frames carry an \`id\`, strictly increasing within the room):

| Frame | Meaning |
|---|---|
| \`{"type":"joined","name","avatar","room":{…},"server_time","limits":{…},"protocol":1}\` | The join succeeded. |
| \`{"type":"history","messages":[…]}\` | Once, right after \`joined\`: earlier messages (or those after \`last_id\`), oldest first. |
| \`{"type":"message","id","sender","avatar","content","timestamp","mentions"?,"reply_to"?:{"id","sender","excerpt"},"client_id"?}\` | A chat message, to every member including its sender. |
| \`{"type":"system","id","sender":"__system__","content":"Alice joined the chat","event":"join","name":"Alice","timestamp"}\` | Join/leave notices. |
| \`{"type":"users","sender":"__user_list__","content":[{"name","avatar"}]}\` | The member list, on every change (in rooms over 50 members, a burst of changes is sent as its latest list, at most a few per second). |
| \`{"type":"typing","sender":"__typing__","content":"Alice"}\` | Someone else is typing. |
| \`{"type":"error","sender":"__error__","code","message"}\` | A frame was refused: \`bad_json\`, \`invalid_frame\`, \`unknown_type\`, \`binary_not_supported\`, \`not_joined\`, \`already_joined\`, \`invalid_name\`, \`name_taken\`, \`invalid_avatar\`, \`empty_message\`, \`message_too_long\`, \`rate_limited\`, \`room_full\`, \`reply_not_found\`, \`internal\`. The connection stays open unless a close follows. |

**Close codes**: 1000 normal · 1001/1012 server going away or restarting (reconnect) · 1009 frame too large · 4000 no join in time · 4001 room expired · 4003 origin not allowed · 4004 room not found · 4008 too slow (stopped reading) · 4009 room full.
`

export const docs = fp(async function docs(app: FastifyInstance) {
  app.addSchema(RoomInfoSchema)
  app.addSchema(ErrorBodySchema)
  await app.register(swagger, {
    openapi: {
      info: { title: 'Chatty', version: '1.0.0', description: PROTOCOL },
      tags: [
        { name: 'rooms', description: 'Create and inspect rooms' },
        { name: 'chat', description: 'The chat WebSocket' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
})
